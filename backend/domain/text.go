package domain

import "unicode/utf8"

// CutUTF8 is the largest length up to n at which s can be cut without
// splitting a character: len(s) when s is no longer than n. Every place
// that clips text to a byte budget (history rows, console previews and
// chunks, the CLI's excerpt) cuts with it.
func CutUTF8(s string, n int) int {
	if n >= len(s) {
		return len(s)
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return max(n, 0)
}
