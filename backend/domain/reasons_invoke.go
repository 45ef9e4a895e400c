package domain

// Reasons of the invocation engine (backend/invoke): errors, verdicts, notes.
// Each constant's English text is in frontend/src/i18n/en.json and its
// Chinese in zh-CN.json under reason.<value>.
const ()

// invokeReasons lists this file's reasons, in order.
var invokeReasons = []Reason{}
