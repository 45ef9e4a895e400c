package domain

// Reasons of shape rules of backend/domain (validate.go).
// Each constant's English text is in frontend/src/i18n/en.json and its
// Chinese in zh-CN.json under reason.<value>.
const ()

// validateReasons lists this file's reasons, in order.
var validateReasons = []Reason{}
