// Command exchangegen writes a generated package of -n connectors (1
// connection and 10 interfaces each, backend/exchange/exchangegen) to -o, for
// bench/exchange.sh, and with -keys the list of their keys.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"junction/backend/exchange/exchangegen"
)

func main() {
	n := flag.Int("n", 1000, "connectors in the package")
	out := flag.String("o", "", "the file to write")
	prefix := flag.String("prefix", "c", "key prefix of the connectors")
	keys := flag.String("keys", "", "also write the connector keys to this file, one a line")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "exchangegen: -o FILE is required")
		os.Exit(2)
	}
	data, err := exchangegen.Package(*prefix, 0, *n)
	if err == nil {
		err = os.WriteFile(*out, data, 0o644)
	}
	if err == nil && *keys != "" {
		var list strings.Builder
		for i := 0; i < *n; i++ {
			list.WriteString(exchangegen.Connector(*prefix, i).Connector.Key + "\n")
		}
		err = os.WriteFile(*keys, []byte(list.String()), 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "exchangegen:", err)
		os.Exit(1)
	}
}
