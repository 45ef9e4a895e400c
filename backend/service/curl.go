package service

import "junction/backend/invoke"

// RequestRecord is a request as sent, secrets redacted (see invoke.RequestRecord).
type RequestRecord = invoke.RequestRecord

// Curl writes a recorded request as a shell command that sends the same
// bytes in the connection's charset (see invoke.Curl).
func Curl(req RequestRecord, charset, shell string) (string, error) {
	return invoke.Curl(req, charset, shell)
}
