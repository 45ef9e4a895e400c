package domain

// Reasons of the call runner: console, invoke, repeat, history.
// Each constant's English text is in frontend/src/i18n/en.json and its
// Chinese in zh-CN.json under reason.<value>.
const ()

// runnerReasons lists this file's reasons, in order.
var runnerReasons = []Reason{}
