package domain

// Reasons of the store: busy, full disk, not found, conflicts.
// Each constant's English text is in frontend/src/i18n/en.json and its
// Chinese in zh-CN.json under reason.<value>.
const ()

// storeReasons lists this file's reasons, in order.
var storeReasons = []Reason{}
