// Command listgen fills a Junction store with generated connectors for
// bench/lists.sh: storetest.Generate's population (batched SQL, seconds for
// 100,000 connectors), owned by a profile the store already has.
//
//	go run ./bench/listgen -db junction.db -owner bench -connectors 100000 -interfaces 10
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"junction/backend/store"
	"junction/backend/store/storetest"
)

func main() {
	db := flag.String("db", "", "the store file (its profile -owner must exist)")
	var p storetest.Population
	flag.StringVar(&p.Owner, "owner", "", "the profile that owns every generated connector")
	flag.StringVar(&p.Viewer, "viewer", "", "a profile granted view on every 40th connector (optional)")
	flag.IntVar(&p.Connectors, "connectors", 100_000, "how many connectors")
	flag.IntVar(&p.Interfaces, "interfaces", 10, "interfaces per connector")
	flag.Parse()
	if err := run(*db, p); err != nil {
		fmt.Fprintln(os.Stderr, "listgen:", err)
		os.Exit(1)
	}
}

func run(db string, p storetest.Population) error {
	if db == "" || p.Owner == "" {
		return fmt.Errorf("-db and -owner are required")
	}
	st, err := store.Open(db)
	if err != nil {
		return fmt.Errorf("open %s: %w", db, err)
	}
	t0 := time.Now()
	if err := storetest.Generate(context.Background(), st, p); err != nil {
		_ = st.Close()
		return err
	}
	fmt.Printf("generated %d connectors, %d interfaces in %.1fs\n", p.Connectors, p.Connectors*p.Interfaces, time.Since(t0).Seconds())
	return st.Close()
}
