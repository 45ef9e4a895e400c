package service_test

// Benchmarks for issue point 12: a store of 10,000 connectors (1 connection,
// 10 interfaces each) and the three calls the connector centre makes most:
// the first page of a searched list, one connector with its interfaces, and
// the import of a 1,000-connector package. bench/run.sh runs them and
// docs/benchmarks.md reports the figures.
//
// The store is seeded through the real path: generated packages (exchange.Export,
// so they carry a checksum) imported by Service.Import in chunks of
// benchChunk connectors, each chunk one transaction with its audit entries.
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
	"junction/backend/exchange"
	"junction/backend/secret"
	"junction/backend/service"
	"junction/backend/store"
)

const (
	benchConnectors = 10_000 // in the seeded store
	benchIfaces     = 10     // interfaces per connector
	benchChunk      = 1_000  // connectors per seed import, and per benchmarked import
	benchAdmin      = "bench-admin"
	benchViewer     = "bench-viewer"
	// benchSearch is what a user types into the connector centre's search box:
	// "invoice". About one connector in 30 has it in its name (see benchDomains).
	benchSearch = "发票"
)

// benchDomain is one business area: Chinese and English words for names, and
// a slug for keys and tags.
type benchDomain struct{ zh, en, slug, cat string }

var benchDomains = []benchDomain{
	{"发票", "Invoice", "invoice", "财务"}, {"订单", "Order", "order", "sales"}, {"客户", "Customer", "customer", "crm"},
	{"库存", "Inventory", "inventory", "scm"}, {"采购", "Purchasing", "purchase", "scm"}, {"合同", "Contract", "contract", "legal"},
	{"审批", "Approval", "approval", "oa"}, {"考勤", "Attendance", "attendance", "hr"}, {"薪资", "Payroll", "payroll", "hr"},
	{"员工", "Employee", "employee", "hr"}, {"部门", "Department", "department", "hr"}, {"支付", "Payment", "payment", "财务"},
	{"报销", "Expense", "expense", "财务"}, {"物流", "Logistics", "logistics", "scm"}, {"仓储", "Warehouse", "warehouse", "scm"},
	{"会员", "Membership", "member", "crm"}, {"积分", "Loyalty", "loyalty", "crm"}, {"工单", "Ticket", "ticket", "itsm"},
	{"资产", "Asset", "asset", "itsm"}, {"项目", "Project", "project", "pm"}, {"招聘", "Recruiting", "recruit", "hr"},
	{"培训", "Training", "training", "hr"}, {"税务", "Tax", "tax", "财务"}, {"预算", "Budget", "budget", "财务"},
	{"门店", "Store", "store", "retail"}, {"商品", "Product", "product", "retail"}, {"营销", "Marketing", "marketing", "crm"},
	{"短信", "SMS", "sms", "messaging"}, {"邮件", "Mail", "mail", "messaging"}, {"地图", "Maps", "maps", "geo"},
}

var (
	benchRegions = []string{"华东", "华南", "华北", "西南", "集团", "海外", "总部", "华中"}
	benchSystems = []string{"Open API", "Gateway", "Hub", "Service", "Platform", "Cloud", "Center", "Connector"}
	benchVendors = []string{"kingdee", "yonyou", "sap", "oracle", "feishu", "dingtalk", "wecom", "salesforce", "internal"}
	benchEnvs    = []string{"prod", "uat", "生产"}
)

// benchAction is one of the ten interfaces every connector has.
type benchAction struct {
	key, zh, en, method, path string
}

var benchActions = []benchAction{
	{"list", "查询列表", "List", "GET", "/items"},
	{"detail", "查询详情", "Get detail", "GET", "/items/{id}"},
	{"create", "新建", "Create", "POST", "/items"},
	{"update", "修改", "Update", "PUT", "/items/{id}"},
	{"delete", "删除", "Delete", "DELETE", "/items/{id}"},
	{"approve", "审核", "Approve", "POST", "/items/{id}/approve"},
	{"cancel", "作废", "Cancel", "POST", "/items/{id}/cancel"},
	{"export", "导出", "Export", "GET", "/items/export"},
	{"sync", "同步", "Sync", "POST", "/sync"},
	{"stats", "统计", "Statistics", "GET", "/stats/daily"},
}

// benchHash spreads (i, salt) over a table deterministically and independently
// per salt (the murmur3 32-bit finaliser).
func benchHash(i, salt int) int {
	h := uint32(i)*0x9e3779b1 ^ uint32(salt)*0x85ebca6b
	h ^= h >> 16
	h *= 0x85ebca6b
	h ^= h >> 13
	h *= 0xc2b2ae35
	h ^= h >> 16
	return int(h >> 1)
}

func benchPick[T any](xs []T, i, salt int) T { return xs[benchHash(i, salt)%len(xs)] }

// benchConnector returns connector n of the generated population, with keys
// prefixed by prefix so that every import batch is new.
func benchConnector(prefix string, n int) exchange.ConnectorBundle {
	d := benchPick(benchDomains, n, 1)
	region, system, vendor := benchPick(benchRegions, n, 2), benchPick(benchSystems, n, 3), benchPick(benchVendors, n, 4)
	key := fmt.Sprintf("%s%05d-%s-%s", prefix, n, vendor, d.slug)
	tags := []string{d.slug, d.cat, vendor}
	if n%3 == 0 {
		tags = append(tags, benchPick(benchEnvs, n, 5))
	}
	c := domain.Connector{
		Key:         key,
		Name:        fmt.Sprintf("%s%s %s %s %d", region, d.zh, d.en, system, n%997),
		Description: fmt.Sprintf("%s%s系统对接（%s）：%s records, sync and callbacks for the %s team.", region, d.zh, vendor, d.en, d.cat),
		Icon:        d.slug,
		Tags:        tags,
		Version:     fmt.Sprintf("%d.%d.%d", 1+n%3, n%10, n%7),
		Status:      domain.StatusActive,
	}
	if n%25 == 0 {
		c.Status = domain.StatusSealed
	}
	conn := exchange.ConnectionBundle{
		Connection: domain.Connection{
			Key: "prod", Name: "生产环境 Production", Description: d.en + " production tenant",
			Protocol: "https", Host: fmt.Sprintf("api-%d.%s.example.cn", n, vendor), BasePath: "/open/" + d.slug + "/v2",
			Charset: "UTF-8", ConnectTimeoutSec: 10, ResponseTimeoutSec: 30, Proxy: "none",
			Auth:   domain.Auth{Type: domain.AuthAPIKey, APIKey: &domain.APIKeyAuth{Name: "X-Api-Key", In: domain.InHeader}},
			Status: domain.StatusActive,
		},
		Accounts: []exchange.AccountBundle{{Name: "default", Default: true,
			Fields: map[string]string{"tenant": fmt.Sprintf("t-%04d", n%5000)}, SecretFields: []string{"key"}}},
	}
	b := exchange.ConnectorBundle{Connector: c, Connections: []exchange.ConnectionBundle{conn}}
	for i, a := range benchActions[:benchIfaces] {
		b.Interfaces = append(b.Interfaces, exchange.InterfaceBundle{ConnectionKey: "prod", Interface: benchInterface(d, a, n, i)})
	}
	return b
}

// benchInterface builds one interface: 3 to 5 request params (path, query,
// header, body with children), a response tree with an array of objects and
// a two-rule success condition.
func benchInterface(d benchDomain, a benchAction, n, i int) domain.Interface {
	var req []domain.Param
	if a.method == "GET" || a.method == "DELETE" {
		req = append(req,
			domain.Param{Name: "pageNo", In: domain.InQuery, Type: "integer", Source: domain.Source{Kind: domain.SourceInput}, Default: []byte("1"), Description: "页码 page number"},
			domain.Param{Name: "pageSize", In: domain.InQuery, Type: "integer", Source: domain.Source{Kind: domain.SourceStatic, Value: "50"}, Description: "每页条数"},
		)
	} else {
		req = append(req, domain.Param{Name: "payload", In: domain.InBody, Type: "object", Required: true, Source: domain.Source{Kind: domain.SourceInput},
			Description: d.zh + "数据 " + d.en + " data", Children: []domain.Param{
				{Name: "code", Type: "string", Required: true, Source: domain.Source{Kind: domain.SourceInput}, Description: "编码"},
				{Name: "name", Type: "string", Source: domain.Source{Kind: domain.SourceInput}, Description: "名称"},
				{Name: "amount", Type: "number", Source: domain.Source{Kind: domain.SourceInput}, Description: "金额"},
			}})
	}
	req = append(req, domain.Param{Name: "X-Tenant-Id", In: domain.InHeader, Type: "string", Source: domain.Source{Kind: domain.SourceSystem, Value: "orgId"}, Description: "租户"})
	if len(domain.PathVars(a.path)) > 0 {
		req = append(req, domain.Param{Name: "id", In: domain.InPath, Type: "string", Required: true, Source: domain.Source{Kind: domain.SourceInput}, Description: d.zh + " ID"})
	}
	if (n+i)%2 == 0 {
		req = append(req, domain.Param{Name: "X-Request-Id", In: domain.InHeader, Type: "string", Source: domain.Source{Kind: domain.SourceSystem, Value: "uuid"}})
	}
	body := a.method != "GET" && a.method != "DELETE"
	bodyType := "none"
	if body {
		bodyType = "json"
	}
	return domain.Interface{
		Key: a.key, Name: a.zh + d.zh + " " + a.en + " " + d.en, Description: fmt.Sprintf("%s%s（%s）", a.zh, d.zh, a.en),
		Method: a.method, Path: "/" + d.slug + a.path, BodyType: bodyType,
		Request: req,
		Response: []domain.ResponseParam{
			{Name: "code", Type: "integer", Path: "code", Description: "0 表示成功"},
			{Name: "message", Type: "string", Path: "msg"},
			{Name: "total", Type: "integer", Path: "data.total"},
			{Name: "items", Type: "array", Path: "data.list", Description: d.zh + "列表", Children: []domain.ResponseParam{
				{Name: "id", Type: "string", Path: "id"},
				{Name: "name", Type: "string", Path: "name"},
				{Name: "status", Type: "string", Path: "status"},
				{Name: "updatedAt", Type: "string", Path: "updated_at"},
			}},
		},
		Success: domain.Condition{All: []domain.Condition{
			{Field: "status", Op: "eq", Value: float64(200)},
			{Field: "response.code", Op: "eq", Value: float64(0)},
		}},
		Messages: domain.Messages{Unmet: a.zh + "失败：{{response.msg}}", Timeout: d.en + " did not answer in time", Error: "无法连接 " + d.en},
	}
}

// benchMatches counts the seeded connectors n with in(n) whose name, key or
// a tag holds term, ignoring ASCII case like SQLite's LIKE.
func benchMatches(term string, in func(n int) bool) int64 {
	term = strings.ToLower(term)
	var total int64
	for n := 0; n < benchConnectors; n++ {
		if !in(n) {
			continue
		}
		c := benchConnector("c", n).Connector
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
		all = append(all, benchConnector("c", n).Connector.Tags...)
	}
	slices.Sort(all)
	return slices.Compact(all)
}

// benchPackage returns a package of connectors [from, from+n) with key prefix.
func benchPackage(tb testing.TB, prefix string, from, n int) []byte {
	tb.Helper()
	bundles := make([]exchange.ConnectorBundle, 0, n)
	for i := from; i < from+n; i++ {
		bundles = append(bundles, benchConnector(prefix, i))
	}
	data, err := exchange.Export(exchange.Meta{ExportedAt: time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC), ExportedBy: "bench"}, bundles)
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
		if err := svc.Grant(ctx, benchAdmin, benchConnector("c", n).Connector.Key, benchViewer, domain.LevelView); err != nil {
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
			keys[i] = benchConnector("c", i*benchConnectors/len(keys)+7).Connector.Key
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
