package domain

// Reasons of the doors: CLI, window, browser bridge, start-up.
// Each constant's English text is in frontend/src/i18n/reasons/door.en.json
// and its Chinese in door.zh-CN.json, under its value.
const (
	RInternal            Reason = "door.internal"               // an internal error, no log file
	RInternalLog         Reason = "door.internal_log"           // an internal error, details in {log}
	RNotLoopback         Reason = "door.not_loopback"           // the bridge answers loopback hosts only
	RForeignOrigin       Reason = "door.foreign_origin"         // a page of another site
	RPageGet             Reason = "door.page_get"               // the page is read with GET
	RNotSignedIn         Reason = "door.not_signed_in"          // no session cookie or token
	RPostOnly            Reason = "door.post_only"              // methods are called with POST
	RNoMethod            Reason = "door.no_method"              // {method}
	RBusy                Reason = "door.busy"                   // {max} calls in progress; try {method} later
	RArgsTooLarge        Reason = "door.args_too_large"         // {method}, {max} MiB
	RArgsTimeout         Reason = "door.args_timeout"           // {method}
	RRequestUnreadable   Reason = "door.request_unreadable"     // {detail}
	RArgsNotArray        Reason = "door.args_not_array"         // {method}, {detail}
	RArgsCount           Reason = "door.args_count"             // {method} takes {want}, got {got}
	RArgUnreadable       Reason = "door.arg_unreadable"         // argument {index} of {method} ({type}): {detail}
	RDesktopSaveBody     Reason = "door.desktop_only_save_body" // a file dialog in browser mode
	RDesktopSavePackage  Reason = "door.desktop_only_save_package"
	RDesktopOpenPackage  Reason = "door.desktop_only_open_package"
	RDataFolderWhich     Reason = "door.data_folder_which"  // {which} is not db or key
	ROpenFolderFailed    Reason = "door.open_folder_failed" // {dir}, {detail}
	RFileWriteFailed     Reason = "door.file_write_failed"  // {path}, {detail}
	RFileReadFailed      Reason = "door.file_read_failed"   // {path}, {detail}
	RListenInUse         Reason = "door.listen_in_use"      // {addr}
	RListenFailed        Reason = "door.listen_failed"      // {addr}, {detail}
	ROpenInWindow        Reason = "door.open_in_window"     // {db} is held by a window, process {pid}
	ROpenInBrowser       Reason = "door.open_in_browser"    // ... by junction serve at {addr}, process {pid}
	ROpenInBrowserNoAddr Reason = "door.open_in_browser_no_addr"
	RInstanceTaken       Reason = "door.instance_taken"  // {db} is held by another process that has not said who it is yet
	RPasswordNeeded      Reason = "door.password_needed" // profile {profile} has a password: the door asks for it
	REnvEmpty            Reason = "door.env_empty"       // the environment variable {name} is empty or not set
	RValueTooLong        Reason = "door.value_too_long"  // longer than {max} bytes
	RFileUnreadable      Reason = "door.file_unreadable" // cannot read the file: {detail}
	RFileUnwritable      Reason = "door.file_unwritable" // cannot write the file: {detail}
	RInputsNotJSON       Reason = "door.inputs_not_json" // {detail}
	RInputsNotObject     Reason = "door.inputs_not_object"
	RFormatUnknown       Reason = "door.format_unknown"       // the file holds {seen}
	RFormatUnsupported   Reason = "door.format_unsupported"   // looks like {seen}; {format} not supported
	RBodyGone            Reason = "console.body_gone"         // body of call {id} no longer kept (last {kept})
	RBodyGoneHistory     Reason = "console.body_gone_history" // the same, pointing at the history
	ROffsetRange         Reason = "console.offset_range"      // between 0 and {max}, not {value}
)

// doorReasons lists this file's reasons, in order.
var doorReasons = []Reason{
	RInternal, RInternalLog, RNotLoopback, RForeignOrigin, RPageGet, RNotSignedIn, RPostOnly, RNoMethod, RBusy,
	RArgsTooLarge, RArgsTimeout, RRequestUnreadable, RArgsNotArray, RArgsCount, RArgUnreadable,
	RDesktopSaveBody, RDesktopSavePackage, RDesktopOpenPackage, RDataFolderWhich, ROpenFolderFailed,
	RFileWriteFailed, RFileReadFailed, RListenInUse, RListenFailed, ROpenInWindow, ROpenInBrowser, ROpenInBrowserNoAddr,
	RInstanceTaken, RPasswordNeeded,
	REnvEmpty, RValueTooLong, RFileUnreadable, RFileUnwritable, RInputsNotJSON, RInputsNotObject,
	RFormatUnknown, RFormatUnsupported, RBodyGone, RBodyGoneHistory, ROffsetRange,
}
