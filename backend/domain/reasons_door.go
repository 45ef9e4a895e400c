package domain

// Reasons of the doors: CLI, window, browser bridge, start-up.
// Each constant's English text is in frontend/src/i18n/en.json and its
// Chinese in zh-CN.json under reason.<value>.
const ()

// doorReasons lists this file's reasons, in order.
var doorReasons = []Reason{}
