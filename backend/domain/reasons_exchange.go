package domain

// Reasons of packages, import and export (backend/exchange).
// Each constant's English text is in frontend/src/i18n/en.json and its
// Chinese in zh-CN.json under reason.<value>.
const ()

// exchangeReasons lists this file's reasons, in order.
var exchangeReasons = []Reason{}
