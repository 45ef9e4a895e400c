// Package exchangegen generates the benchmark population of connectors (the
// one backend/service/bench_test.go seeds: 1 connection and 10 interfaces
// each, Chinese and English names) as bundles and as packages, for the
// import and export benchmarks and bench/exchange.sh.
package exchangegen

import (
	"fmt"
	"time"

	"junction/backend/domain"
	"junction/backend/exchange"
)

// Interfaces is how many interfaces each generated connector has.
const Interfaces = 10

// ExportedAt is the fixed export time of generated packages.
var ExportedAt = time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)

// Package returns a package of connectors [from, from+n) with key prefix.
func Package(prefix string, from, n int) ([]byte, error) {
	bundles := make([]exchange.ConnectorBundle, 0, n)
	for i := from; i < from+n; i++ {
		bundles = append(bundles, Connector(prefix, i))
	}
	return exchange.Export(exchange.Meta{ExportedAt: ExportedAt, ExportedBy: "bench"}, bundles, nil)
}

// area is one business area: Chinese and English words for names, and
// a slug for keys and tags.
type area struct{ zh, en, slug, cat string }

var domains = []area{
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
	regions = []string{"华东", "华南", "华北", "西南", "集团", "海外", "总部", "华中"}
	systems = []string{"Open API", "Gateway", "Hub", "Service", "Platform", "Cloud", "Center", "Connector"}
	vendors = []string{"kingdee", "yonyou", "sap", "oracle", "feishu", "dingtalk", "wecom", "salesforce", "internal"}
	envs    = []string{"prod", "uat", "生产"}
)

// action is one of the ten interfaces every connector has.
type action struct {
	key, zh, en, method, path string
}

var actions = []action{
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

// hash spreads (i, salt) over a table deterministically and independently
// per salt (the murmur3 32-bit finaliser).
func hash(i, salt int) int {
	h := uint32(i)*0x9e3779b1 ^ uint32(salt)*0x85ebca6b
	h ^= h >> 16
	h *= 0x85ebca6b
	h ^= h >> 13
	h *= 0xc2b2ae35
	h ^= h >> 16
	return int(h >> 1)
}

func pick[T any](xs []T, i, salt int) T { return xs[hash(i, salt)%len(xs)] }

// Connector returns connector n of the generated population, with keys
// prefixed by prefix so that every import batch is new.
func Connector(prefix string, n int) exchange.ConnectorBundle {
	d := pick(domains, n, 1)
	region, system, vendor := pick(regions, n, 2), pick(systems, n, 3), pick(vendors, n, 4)
	key := fmt.Sprintf("%s%05d-%s-%s", prefix, n, vendor, d.slug)
	tags := []string{d.slug, d.cat, vendor}
	if n%3 == 0 {
		tags = append(tags, pick(envs, n, 5))
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
	for i, a := range actions[:Interfaces] {
		b.Interfaces = append(b.Interfaces, exchange.InterfaceBundle{ConnectionKey: "prod", Interface: iface(d, a, n, i)})
	}
	return b
}

// iface builds one interface: 3 to 5 request params (path, query,
// header, body with children), a response tree with an array of objects and
// a two-rule success condition.
func iface(d area, a action, n, i int) domain.Interface {
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
