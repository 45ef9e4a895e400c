package app

import "junction/backend/service"

// Curl writes a recorded request (already redacted, as the console has it)
// as a command for shell ("bash" or "powershell") that sends the bytes the
// call sent in the connection's charset (see invoke.Curl).
func (i *Interfaces) Curl(req service.RequestRecord, charset, shell string) (string, error) {
	return service.Curl(req, charset, shell)
}
