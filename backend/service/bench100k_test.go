package service_test

// Benchmarks for issue 10 point 2: the connector list on a store of 100,000
// connectors and 1,000,000 interfaces, generated with batched SQL
// (storetest.Generate) in seconds. Each sub-benchmark is one call of
// Service.ListConnectors, the call the window's facade (app.Connectors.List)
// and the browser bridge make. bench/lists.sh runs them; docs/bench-lists.md
// has the figures.

import (
	"context"
	"testing"
	"time"

	"junction/backend/domain"
	"junction/backend/service"
	"junction/backend/store/storetest"
)

const (
	bench100kConnectors = 100_000
	bench100kIfaces     = 10
)

// BenchmarkStore100k generates the store once and runs its sub-benchmarks on it.
func BenchmarkStore100k(b *testing.B) {
	ctx := context.Background()
	st, svc := benchOpenStore(b, b.TempDir())
	if _, err := svc.AddUser(ctx, benchAdmin, service.UserInput{Name: benchViewer, Perms: []string{domain.PermConnectorsView}}); err != nil {
		b.Fatal(err)
	}
	t0 := time.Now()
	if err := storetest.Generate(ctx, st, storetest.Population{Connectors: bench100kConnectors, Interfaces: bench100kIfaces, Owner: benchAdmin, Viewer: benchViewer}); err != nil {
		b.Fatal(err)
	}
	benchNote("seed: %d connectors, %d interfaces generated in %.1fs", bench100kConnectors, bench100kConnectors*bench100kIfaces, time.Since(t0).Seconds())

	// The first page of each filter the connector centre offers, as the
	// admin, and the total each must report.
	firsts := []struct {
		name  string
		actor string
		q     service.ConnectorQuery
		total int64
	}{
		{"FirstPage", benchAdmin, service.ConnectorQuery{}, bench100kConnectors},
		{"FirstPageStatus", benchAdmin, service.ConnectorQuery{Status: "sealed"}, bench100kConnectors / 25},
		{"FirstPageTag", benchAdmin, service.ConnectorQuery{Tag: "vendor-3"}, bench100kConnectors / 9},
		{"FirstPageRareTag", benchAdmin, service.ConnectorQuery{Tag: "pilot"}, bench100kConnectors / 10_000},
		{"FirstPageSearch", benchAdmin, service.ConnectorQuery{Search: "invoice"}, -1},
		// A term few connectors hold (the tag pilot): the page walks every row.
		{"FirstPageSearchRare", benchAdmin, service.ConnectorQuery{Search: "PILOT"}, bench100kConnectors / 10_000},
		// A term of two characters, too short for the trigram index: the page
		// walks the order and the total counts by walking it to the end.
		{"FirstPageSearchShort", benchAdmin, service.ConnectorQuery{Search: "Ce"}, -1},
		{"FirstPageViewer", benchViewer, service.ConnectorQuery{}, bench100kConnectors / 40},
	}
	for _, f := range firsts {
		b.Run(f.name, func(b *testing.B) {
			var lat benchLatencies
			var page *service.ConnectorPage
			for b.Loop() {
				t0 := time.Now()
				var err error
				page, err = svc.ListConnectors(ctx, f.actor, f.q)
				lat = append(lat, time.Since(t0))
				if err != nil {
					b.Fatal(err)
				}
			}
			if f.total >= 0 && page.Total != f.total {
				b.Fatalf("total %d, want %d", page.Total, f.total)
			}
			if want := min(50, page.Total); int64(len(page.Items)) != want || want == 0 {
				b.Fatalf("%d items of %d", len(page.Items), page.Total)
			}
			lat.report(b)
		})
	}
	// The CLI's `connector list`: a walk through all 100,000 in pages of 1,000.
	b.Run("EachConnector", func(b *testing.B) {
		for b.Loop() {
			n := 0
			err := svc.EachConnector(ctx, benchAdmin, service.ConnectorQuery{}, 1000, func(items []service.ConnectorSummary) error {
				n += len(items)
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			if n != bench100kConnectors {
				b.Fatalf("walked %d connectors", n)
			}
		}
	})
	// The pager's jump to the last page (offset paging, as the window pages).
	b.Run("LastPage", func(b *testing.B) {
		var lat benchLatencies
		for b.Loop() {
			t0 := time.Now()
			page, err := svc.ListConnectors(ctx, benchAdmin, service.ConnectorQuery{Page: service.Page{Offset: bench100kConnectors - 50, Limit: 50}})
			lat = append(lat, time.Since(t0))
			if err != nil {
				b.Fatal(err)
			}
			if len(page.Items) != 50 || page.Total != bench100kConnectors {
				b.Fatalf("%d items of %d", len(page.Items), page.Total)
			}
		}
		lat.report(b)
	})
}
