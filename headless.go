//go:build !desktop && !bindings

package main

import (
	"fmt"
	"os"
)

// runDesktop in build/bin/junction-cli, which has no window: it says so and
// where the commands are, and exits 2 like any other usage error.
func runDesktop() int {
	fmt.Fprint(os.Stderr, headlessHint)
	return 2
}

// headlessHint is in both languages because no language setting exists yet.
const headlessHint = `junction-cli has no desktop window: it runs the commands only (junction-cli --help).
Open the window with build/bin/junction, or the studio in a browser with: junction-cli serve
junction-cli 没有桌面窗口，只运行命令（junction-cli --help）。
打开窗口请用 build/bin/junction；在浏览器中打开工作室：junction-cli serve
`
