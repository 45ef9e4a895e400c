package store

// The SQLite-specific SQL, in one place: a second database writes its own
// version of each of these.

// trimHistorySQL deletes an interface's invocation rows beyond the newest
// ones (args: interface id, interface id, how many to keep). rowid breaks
// ties between rows of the same instant, newest last.
const trimHistorySQL = `DELETE FROM invocations WHERE interface_id = ? AND rowid NOT IN
	(SELECT rowid FROM invocations WHERE interface_id = ? ORDER BY at DESC, rowid DESC LIMIT ?)`

// historyOrder lists invocation rows newest first, ties by insertion.
const historyOrder = "invocations.at DESC, invocations.rowid DESC"

// connectorOrder lists connectors by name, case folded (ASCII, as SQLite's
// NOCASE does), then key; idx_connectors_name_nocase serves it.
const connectorOrder = "connectors.name COLLATE NOCASE, connectors.key"
