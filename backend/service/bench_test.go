package service_test

// Benchmarks for issue point 12: a store of 10,000 connectors (1 connection,
// 10 interfaces each) and the three calls the connector centre makes most:
// the first page of a searched list, one connector with its interfaces, and
// the import of a 1,000-connector package. bench/run.sh runs them and
// docs/benchmarks.md reports the figures.
//
// The store is seeded through the real path: generated packages (exchangegen,
// written by exchange.Export, so they carry a checksum) imported by
// Service.Import in chunks of benchChunk connectors, each chunk one
// transaction with its audit entries.
// The seed runs once per BenchmarkStore10k invocation; its sub-benchmarks
// share it, so run them in one go test process (-count=1).

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"junction/backend/domain"
	"junction/backend/exchange/exchangegen"
	"junction/backend/secret"
	"junction/backend/service"
	"junction/backend/store"
)

const (
	benchConnectors = 10_000 // in the seeded store
	benchIfaces     = exchangegen.Interfaces
	benchChunk      = 1_000 // connectors per seed import, and per benchmarked import
	benchAdmin      = "bench-admin"
	benchViewer     = "bench-viewer"
	// benchSearch is what a user types into the connector centre's search box:
	// "invoice". About one connector in 30 has it in its name (see exchangegen).
	benchSearch = "发票"
)

// benchMatches counts the seeded connectors n with in(n) whose name, key or
// a tag holds term, ignoring ASCII case like SQLite's LIKE.
func benchMatches(term string, in func(n int) bool) int64 {
	term = strings.ToLower(term)
	var total int64
	for n := 0; n < benchConnectors; n++ {
		if !in(n) {
			continue
		}
		c := exchangegen.Connector("c", n).Connector
		hay := append([]string{c.Name, c.Key}, c.Tags...)
		if slices.ContainsFunc(hay, func(h string) bool { return strings.Contains(strings.ToLower(h), term) }) {
			total++
		}
	}
	return total
}

// benchAllTags is every tag of the seeded connectors, sorted as SQLite sorts text.
func benchAllTags() []string {
	var all []string
	for n := 0; n < benchConnectors; n++ {
		all = append(all, exchangegen.Connector("c", n).Connector.Tags...)
	}
	slices.Sort(all)
	return slices.Compact(all)
}

// benchPackage returns the generated package of connectors [from, from+n)
// with key prefix.
func benchPackage(tb testing.TB, prefix string, from, n int) []byte {
	tb.Helper()
	data, err := exchangegen.Package(prefix, from, n)
	if err != nil {
		tb.Fatalf("export generated package: %v", err)
	}
	return data
}

// benchOpen opens a fresh store in dir with the admin profile.
func benchOpen(tb testing.TB, dir string) *service.Service {
	tb.Helper()
	_, svc := benchOpenStore(tb, dir)
	return svc
}

func benchOpenStore(tb testing.TB, dir string) (*store.Store, *service.Service) {
	tb.Helper()
	st, err := store.Open(filepath.Join(dir, "junction.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = st.Close() })
	box, err := secret.NewBox(make([]byte, secret.KeySize))
	if err != nil {
		tb.Fatal(err)
	}
	svc := service.New(st, box, service.Options{})
	if _, err := svc.EnsureProfile(context.Background(), benchAdmin); err != nil {
		tb.Fatal(err)
	}
	return st, svc
}

// benchImport imports data as the admin and checks that it created n connectors.
func benchImport(tb testing.TB, svc *service.Service, data []byte, n int) {
	tb.Helper()
	rep, err := svc.Import(context.Background(), benchAdmin, data, service.ImportOptions{})
	if err != nil {
		tb.Fatalf("import: %v", err)
	}
	if want := n * (1 + benchIfaces); len(rep.Created) != want {
		tb.Fatalf("import created %d items, want %d", len(rep.Created), want)
	}
}

// benchSeed fills svc with benchConnectors connectors through Import, and
// gives the viewer profile (connectors.view only) view on every 40th one.
// Each seed import is one more sample of (c), into a store of 0 to 9,000
// connectors; they are logged.
func benchSeed(b *testing.B, svc *service.Service) {
	ctx := context.Background()
	var gen, imp time.Duration
	var size int
	var each []string
	for from := 0; from < benchConnectors; from += benchChunk {
		t0 := time.Now()
		data := benchPackage(b, "c", from, benchChunk)
		runtime.GC() // the generator's garbage is not the import's
		t1 := time.Now()
		benchImport(b, svc, data, benchChunk)
		d := time.Since(t1)
		each = append(each, fmt.Sprintf("%.2f", d.Seconds()))
		gen, imp, size = gen+t1.Sub(t0), imp+d, size+len(data)
	}
	t0 := time.Now()
	if _, err := svc.AddUser(ctx, benchAdmin, service.UserInput{Name: benchViewer, Perms: []string{domain.PermConnectorsView}}); err != nil {
		b.Fatal(err)
	}
	grants := 0
	for n := 0; n < benchConnectors; n += 40 {
		if err := svc.Grant(ctx, benchAdmin, exchangegen.Connector("c", n).Connector.Key, benchViewer, domain.LevelView); err != nil {
			b.Fatal(err)
		}
		grants++
	}
	benchNote("seed: %d connectors, %d interfaces, %d imports of %d connectors (%.1f MB of packages)",
		benchConnectors, benchConnectors*benchIfaces, benchConnectors/benchChunk, benchChunk, float64(size)/1e6)
	benchNote("seed: import %.1fs in all; each import, into a store of 0, 1000, ... 9000 connectors: %s s",
		imp.Seconds(), strings.Join(each, " "))
	benchNote("seed: generating the packages (exchange.Export, not timed above) %.1fs; %d grants %.1fs",
		gen.Seconds(), grants, time.Since(t0).Seconds())
}

// BenchmarkStore10k seeds one store of 10,000 connectors and runs its
// sub-benchmarks on it, in order; Import1000 goes last because it grows the store.
//
// JUNCTION_BENCH_CACHE=<dir> is for working on performance only: the first
// run keeps a copy of the seeded store in dir (VACUUM INTO), later runs start
// from a copy of it instead of seeding. bench/run.sh never sets it.
func BenchmarkStore10k(b *testing.B) {
	dir := b.TempDir()
	var svc *service.Service
	cache := os.Getenv("JUNCTION_BENCH_CACHE")
	cached := filepath.Join(cache, "seeded.db")
	if _, err := os.Stat(cached); cache != "" && err == nil {
		benchCopyFile(b, cached, filepath.Join(dir, "junction.db"))
		svc = benchOpen(b, dir)
		benchNote("seed: copied from %s (JUNCTION_BENCH_CACHE); no seed timing", cached)
	} else {
		var st *store.Store
		st, svc = benchOpenStore(b, dir)
		benchSeed(b, svc)
		if cache != "" {
			if err := os.MkdirAll(cache, 0o700); err != nil {
				b.Fatal(err)
			}
			if err := st.DB.Exec("VACUUM INTO ?", cached).Error; err != nil {
				b.Fatal(err)
			}
		}
	}
	ctx := context.Background()

	// (a) The connector centre as the admin (connectors.manage sees all):
	// first page of 50 for a search term, ordered by name.
	b.Run("ListSearch", func(b *testing.B) {
		var total int64
		var lat benchLatencies
		for b.Loop() {
			t0 := time.Now()
			page, err := svc.ListConnectors(ctx, benchAdmin, service.ConnectorQuery{Search: benchSearch, Page: service.Page{Limit: 50}})
			lat = append(lat, time.Since(t0))
			if err != nil {
				b.Fatal(err)
			}
			if len(page.Items) != 50 {
				b.Fatalf("got %d items", len(page.Items))
			}
			total = page.Total
		}
		if want := benchMatches(benchSearch, func(n int) bool { return true }); total != want {
			b.Fatalf("search %q matched %d connectors, want %d", benchSearch, total, want)
		}
		b.ReportMetric(float64(total), "matches")
		lat.report(b)
	})
	// The same page as a viewer without connectors.manage: it sees what it
	// owns or was granted (250 connectors), through the grants subquery.
	b.Run("ListSearchViewer", func(b *testing.B) {
		var total int64
		for b.Loop() {
			page, err := svc.ListConnectors(ctx, benchViewer, service.ConnectorQuery{Search: "Order", Page: service.Page{Limit: 50}})
			if err != nil {
				b.Fatal(err)
			}
			total = page.Total
		}
		if want := benchMatches("order", func(n int) bool { return n%40 == 0 }); total != want {
			b.Fatalf("viewer search matched %d connectors, want %d", total, want)
		}
		b.ReportMetric(float64(total), "matches")
	})
	// Opening the connector centre: the first page, no filter.
	b.Run("ListFirstPage", func(b *testing.B) {
		var tags []string
		var lat benchLatencies
		for b.Loop() {
			t0 := time.Now()
			page, err := svc.ListConnectors(ctx, benchAdmin, service.ConnectorQuery{Page: service.Page{Limit: 50}})
			lat = append(lat, time.Since(t0))
			if err != nil {
				b.Fatal(err)
			}
			if len(page.Items) != 50 || page.Total != benchConnectors {
				b.Fatalf("got %d items of %d", len(page.Items), page.Total)
			}
			tags = page.Tags
		}
		if want := benchAllTags(); !slices.Equal(tags, want) {
			b.Fatalf("tags %v, want %v", tags, want)
		}
		lat.report(b)
	})
	// (b) One connector with its connection and 10 interfaces, a different
	// one each time (keys precomputed).
	b.Run("Show", func(b *testing.B) {
		keys := make([]string, 1000)
		for i := range keys {
			keys[i] = exchangegen.Connector("c", i*benchConnectors/len(keys)+7).Connector.Key
		}
		i := 0
		var lat benchLatencies
		for b.Loop() {
			t0 := time.Now()
			d, err := svc.GetConnector(ctx, benchAdmin, keys[i%len(keys)])
			lat = append(lat, time.Since(t0))
			if err != nil {
				b.Fatal(err)
			}
			if len(d.InterfaceList) != benchIfaces || len(d.ConnectionList) != 1 {
				b.Fatalf("got %d interfaces, %d connections", len(d.InterfaceList), len(d.ConnectionList))
			}
			i++
		}
		lat.report(b)
	})
	// (c) Import of a 1,000-connector package (1 connection and 10
	// interfaces each) into the 10,000-connector store: one op is one
	// Import call, all in one transaction. Building the package is not timed.
	round := 0 // the framework calls the function more than once; keys must stay new
	b.Run("Import1000", func(b *testing.B) {
		benchImportLoop(b, svc, &round)
	})
}

// BenchmarkImport1000Empty imports the same 1,000-connector package into an
// empty store, to separate the cost of the import from the size of the store.
func BenchmarkImport1000Empty(b *testing.B) {
	b.StopTimer()
	dir := b.TempDir()
	round := 0
	for i := 0; i < b.N; i++ {
		svc := benchOpen(b, filepath.Join(dir, fmt.Sprint(round)))
		round++
		data := benchPackage(b, "e", 0, benchChunk)
		b.SetBytes(int64(len(data)))
		runtime.GC()
		b.StartTimer()
		benchImport(b, svc, data, benchChunk)
		b.StopTimer()
	}
}

// benchLatencies are the times of single calls. Their median and 95th
// percentile go next to ns/op (a mean), which one burst of load from
// elsewhere on the machine can move.
type benchLatencies []time.Duration

func (l benchLatencies) report(b *testing.B) {
	if len(l) == 0 {
		return
	}
	slices.Sort(l)
	at := func(q float64) float64 { return float64(l[int(q*float64(len(l)-1))].Microseconds()) / 1000 }
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.95), "p95-ms")
}

// benchNote prints a line among the benchmark results. b.Log would not do:
// the log of a benchmark with sub-benchmarks shows only with -v.
func benchNote(format string, args ...any) {
	fmt.Printf("# "+format+"\n", args...)
}

func benchCopyFile(b *testing.B, from, to string) {
	data, err := os.ReadFile(from)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o600); err != nil {
		b.Fatal(err)
	}
}

func benchImportLoop(b *testing.B, svc *service.Service, round *int) {
	b.StopTimer()
	for i := 0; i < b.N; i++ {
		*round++
		data := benchPackage(b, fmt.Sprintf("i%d-", *round), 0, benchChunk)
		b.SetBytes(int64(len(data)))
		runtime.GC()
		b.StartTimer()
		benchImport(b, svc, data, benchChunk)
		b.StopTimer()
	}
}

// TestBenchListSearchPrefilter guards the search over tags: it matches each
// tag on its own (rows of connector_tags), so text that only the old JSON
// column held (an escape sequence, the quotes and comma between two tags)
// finds nothing, and text JSON would escape (&) finds its tag.
func TestBenchListSearchPrefilter(t *testing.T) {
	svc := benchOpen(t, t.TempDir())
	ctx := context.Background()
	for _, in := range []service.ConnectorInput{
		{Key: "lab", Name: "Lab", Tags: []string{"R&D", "研发中心"}}, // in JSON: ["R\u0026D","研发中心"]
		{Key: "pair", Name: "Pair", Tags: []string{"alpha", "beta"}},
	} {
		if _, err := svc.CreateConnector(ctx, benchAdmin, in); err != nil {
			t.Fatal(err)
		}
	}
	for search, want := range map[string][]string{
		"研发":      {"lab"},  // inside a tag
		"r&d":     {"lab"},  // a tag JSON would escape
		"u0026":   {},       // only in a JSON escape sequence
		"a\",\"b": {},       // only across two tags in JSON
		"ALPHA":   {"pair"}, // ASCII case folds as in LIKE
		"ha":      {"pair"},
	} {
		page, err := svc.ListConnectors(ctx, benchAdmin, service.ConnectorQuery{Search: search})
		if err != nil {
			t.Fatal(err)
		}
		got := []string{}
		for _, c := range page.Items {
			got = append(got, c.Key)
		}
		if !slices.Equal(got, want) || page.Total != int64(len(want)) {
			t.Errorf("search %q: got %v (total %d), want %v", search, got, page.Total, want)
		}
	}
}
