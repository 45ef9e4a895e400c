package domain

// Reasons of the call runner: console, invoke, repeat, history.
// Each constant's English text is in frontend/src/i18n/reasons/runner.en.json
// and its Chinese in runner.zh-CN.json.
const (
	RRepeatOutOfRange      Reason = "repeat.out_of_range"      // {value} not within {min}..{max}
	RConcurrencyOutOfRange Reason = "concurrency.out_of_range" // {value} not within {min}..{max}
	RInvocationKind        Reason = "invocation.kind"          // {kind} is not test or invoke
	RConnectionSealedCall  Reason = "connection.sealed_call"   // {connection} is sealed
	RInputUnknown          Reason = "input.unknown"            // {interface} has no input {name}; {inputs} or none
	RInputNone             Reason = "input.none"               // {interface} takes no inputs; {name} given
	RCallNotRecorded       Reason = "call.not_recorded"        // {detail} why the record failed
	RHistoryNoBody         Reason = "history.no_body"          // entry {id} has no body
	RHistoryRawSecret      Reason = "history.raw_secret"       // entry {id}'s raw bytes held a secret
	RConsoleOffset         Reason = "console.offset"           // {value} not within 0..{max}
	RConsoleSaveFailed     Reason = "console.save_failed"      // {path}: {detail}
)

// runnerReasons lists this file's reasons, in order.
var runnerReasons = []Reason{
	RRepeatOutOfRange, RConcurrencyOutOfRange, RInvocationKind, RConnectionSealedCall, RInputUnknown, RInputNone,
	RCallNotRecorded, RHistoryNoBody, RHistoryRawSecret, RConsoleOffset, RConsoleSaveFailed,
}
