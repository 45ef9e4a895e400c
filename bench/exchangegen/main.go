// Command exchangegen writes a generated package of -n connectors (1
// connection and 10 interfaces each, backend/exchange/exchangegen) to -o, for
// bench/exchange.sh.
package main

import (
	"flag"
	"fmt"
	"os"

	"junction/backend/exchange/exchangegen"
)

func main() {
	n := flag.Int("n", 1000, "connectors in the package")
	out := flag.String("o", "", "the file to write")
	prefix := flag.String("prefix", "c", "key prefix of the connectors")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "exchangegen: -o FILE is required")
		os.Exit(2)
	}
	data, err := exchangegen.Package(*prefix, 0, *n)
	if err == nil {
		err = os.WriteFile(*out, data, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "exchangegen:", err)
		os.Exit(1)
	}
}
