//go:build bindings

package main

// `wails generate module` and `wails build` build this program with the
// bindings tag and run it to read the bound methods. That run must not open,
// lock or create the user's database.
func init() { generatingBindings = true }
