package domain

// Reasons of the use cases (backend/service) and access rules.
// Each constant's English text is in frontend/src/i18n/en.json and its
// Chinese in zh-CN.json under reason.<value>.
const ()

// serviceReasons lists this file's reasons, in order.
var serviceReasons = []Reason{}
