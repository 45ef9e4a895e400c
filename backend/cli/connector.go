package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"junction/backend/domain"
	"junction/backend/service"
)

func (a *app) connectorCmd() *cobra.Command {
	return a.group(&cobra.Command{Use: "connector", Short: "List, show, seal, unseal and delete connectors"},
		a.leaf("list", "List every connector you may see", 0, a.connectorList),
		a.leaf("show KEY", "Show a connector with its connections, auth accounts and interfaces", 1, a.connectorShow),
		a.leaf("seal KEY", "Seal a connector: it keeps working but takes no new connections or interfaces", 1, func(args []string) error { return a.connectorStatus(args[0], domain.StatusSealed) }),
		a.leaf("unseal KEY", "Make a sealed connector active again", 1, func(args []string) error { return a.connectorStatus(args[0], domain.StatusActive) }),
		a.leaf("delete KEY", "Delete a connector that has no connections and no interfaces", 1, a.connectorDelete),
	)
}

// connectorRow is one element of `connector list --json`; the first six
// fields are the contract, the rest are additions.
type connectorRow struct {
	Key         string        `json:"key"`
	Name        string        `json:"name"`
	Status      domain.Status `json:"status"`
	Connections int           `json:"connections"`
	Interfaces  int           `json:"interfaces"`
	Version     string        `json:"version"`
	Description string        `json:"description"`
	Tags        []string      `json:"tags"`
	Owner       string        `json:"owner"`
	Access      string        `json:"access"` // view | maintain: what the acting profile may do
	UpdatedAt   time.Time     `json:"updatedAt"`
}

// connectorListPage is how many connectors the walk of `connector list`
// reads at a time.
const connectorListPage = 1000

// connectorList prints every connector the profile may see. The service
// walks them in one read, page by page; --json writes each page as it
// comes, the text table (aligned over every row) at the end.
func (a *app) connectorList([]string) error {
	svc, actor, err := a.session()
	if err != nil {
		return err
	}
	if a.json {
		arr := newJSONArray(a.stdout)
		err := svc.EachConnector(a.ctx, actor, service.ConnectorQuery{}, connectorListPage, func(items []service.ConnectorSummary) error {
			for _, c := range items {
				if err := arr.add(connectorRow{Key: c.Key, Name: c.Name, Status: c.Status, Connections: c.Connections,
					Interfaces: c.Interfaces, Version: c.Version, Description: c.Description, Tags: c.Tags,
					Owner: c.Owner, Access: c.Access.Level, UpdatedAt: c.UpdatedAt}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		return arr.close()
	}
	t := newTable(a.stdout, "KEY", "NAME", "STATUS", "CONNECTIONS", "INTERFACES", "VERSION")
	err = svc.EachConnector(a.ctx, actor, service.ConnectorQuery{}, connectorListPage, func(items []service.ConnectorSummary) error {
		for _, c := range items {
			t.row(c.Key, c.Name, string(c.Status), fmt.Sprint(c.Connections), fmt.Sprint(c.Interfaces), c.Version)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return t.flush()
}

// jsonArray writes a JSON array one element at a time, byte for byte as
// writeJSON writes the whole slice, so that a long list is never held.
type jsonArray struct {
	w   *bufio.Writer
	buf bytes.Buffer
	enc *json.Encoder
	n   int
}

func newJSONArray(w io.Writer) *jsonArray {
	arr := &jsonArray{w: bufio.NewWriterSize(w, 64<<10)}
	arr.enc = json.NewEncoder(&arr.buf)
	arr.enc.SetEscapeHTML(false)
	arr.enc.SetIndent("  ", "  ")
	return arr
}

// add writes v as the array's next element.
func (arr *jsonArray) add(v any) error {
	arr.buf.Reset()
	if err := arr.enc.Encode(v); err != nil {
		return err
	}
	sep := ",\n  "
	if arr.n == 0 {
		sep = "[\n  "
	}
	arr.n++
	if _, err := arr.w.WriteString(sep); err != nil {
		return err
	}
	// Encode ends the value with a newline, which the separator or the close writes.
	_, err := arr.w.Write(bytes.TrimSuffix(arr.buf.Bytes(), []byte("\n")))
	return err
}

// close ends the array and flushes it.
func (arr *jsonArray) close() error {
	end := "\n]\n"
	if arr.n == 0 {
		end = "[]\n"
	}
	if _, err := arr.w.WriteString(end); err != nil {
		return err
	}
	return arr.w.Flush()
}

func (a *app) connectorShow(args []string) error {
	return shown(a, func(svc *service.Service, actor string) (*service.ConnectorDetail, error) {
		return svc.GetConnector(a.ctx, actor, args[0])
	}, printConnector)
}

func printConnector(w io.Writer, d *service.ConnectorDetail) error {
	fmt.Fprintf(w, "%s  %s\n", d.Key, printable(d.Name))
	t := newTable(w)
	t.row("  status:", string(d.Status))
	t.row("  version:", d.Version)
	if d.Description != "" {
		t.row("  description:", d.Description)
	}
	if len(d.Tags) > 0 {
		t.row("  tags:", strings.Join(d.Tags, ", "))
	}
	t.row("  owner:", d.Owner)
	t.row("  your access:", d.Access.Level)
	t.row("  created:", stamp(d.CreatedAt)+" by "+d.CreatedBy)
	t.row("  updated:", stamp(d.UpdatedAt)+" by "+d.UpdatedBy)
	if err := t.flush(); err != nil {
		return err
	}

	fmt.Fprintf(w, "\nConnections (%d)\n", len(d.ConnectionList))
	if len(d.ConnectionList) > 0 {
		t = newTable(w, "  KEY", "NAME", "URL", "CHARSET", "AUTH", "STATUS", "INTERFACES")
		for _, c := range d.ConnectionList {
			t.row("  "+c.Key, c.Name, connectionURL(&c), c.Charset, c.Auth.Type, string(c.Status), fmt.Sprint(c.Interfaces))
		}
		if err := t.flush(); err != nil {
			return err
		}
	}

	var accounts int
	for _, c := range d.ConnectionList {
		accounts += len(c.Accounts)
	}
	if accounts > 0 {
		fmt.Fprintf(w, "\nAuth accounts (%d)\n", accounts)
		t = newTable(w, "  CONNECTION", "ACCOUNT", "DEFAULT", "FIELDS", "SECRETS")
		for _, c := range d.ConnectionList {
			for _, acc := range c.Accounts {
				t.row("  "+c.Key, acc.Name, yesNo(acc.Default), strings.Join(slices.Sorted(maps.Keys(acc.Fields)), ", "), secretStates(acc.Secrets))
			}
		}
		if err := t.flush(); err != nil {
			return err
		}
	}

	fmt.Fprintf(w, "\nInterfaces (%d)\n", len(d.InterfaceList))
	if len(d.InterfaceList) > 0 {
		t = newTable(w, "  KEY", "NAME", "METHOD", "PATH", "CONNECTION")
		for _, it := range d.InterfaceList {
			t.row("  "+it.Key, it.Name, it.Method, it.Path, it.ConnectionKey)
		}
		return t.flush()
	}
	return nil
}

// connectionURL is protocol://host/basePath.
func connectionURL(c *service.ConnectionView) string {
	base := c.BasePath
	if base != "" && !strings.HasPrefix(base, "/") {
		base = "/" + base
	}
	return c.Protocol + "://" + c.Host + base
}

// secretStates lists secret field names, marking those without a value.
func secretStates(secrets []service.SecretState) string {
	parts := make([]string, 0, len(secrets))
	for _, s := range secrets {
		if s.Set {
			parts = append(parts, s.Name)
		} else {
			parts = append(parts, s.Name+" (not set)")
		}
	}
	return strings.Join(parts, ", ")
}

func (a *app) connectorStatus(key string, st domain.Status) error {
	return a.change(func(svc *service.Service, actor string) error {
		if st == domain.StatusSealed {
			return svc.SealConnector(a.ctx, actor, key)
		}
		return svc.UnsealConnector(a.ctx, actor, key)
	}, map[string]any{"key": key, "status": st}, fmt.Sprintf("connector %s is %s", key, st))
}

func (a *app) connectorDelete(args []string) error {
	return a.change(func(svc *service.Service, actor string) error {
		return svc.DeleteConnector(a.ctx, actor, args[0])
	}, map[string]any{"key": args[0], "deleted": true}, fmt.Sprintf("connector %s deleted", args[0]))
}

func (a *app) interfaceCmd() *cobra.Command {
	return a.group(&cobra.Command{Use: "interface", Short: "List and show a connector's interfaces"},
		a.leaf("list CONNECTOR", "List a connector's interfaces", 1, a.interfaceList),
		a.leaf("show CONNECTOR/INTERFACE", "Show one interface definition", 1, a.interfaceShow),
	)
}

func (a *app) interfaceList(args []string) error {
	return shown(a, func(svc *service.Service, actor string) ([]service.InterfaceSummary, error) {
		return svc.ListInterfaces(a.ctx, actor, args[0])
	}, printInterfaces)
}

func printInterfaces(w io.Writer, items []service.InterfaceSummary) error {
	t := newTable(w, "KEY", "NAME", "METHOD", "PATH", "CONNECTION")
	for _, it := range items {
		t.row(it.Key, it.Name, it.Method, it.Path, it.ConnectionKey)
	}
	return t.flush()
}

func (a *app) interfaceShow(args []string) error {
	connector, key, ok := strings.Cut(args[0], "/")
	if !ok || connector == "" || key == "" {
		return usagef("name the interface as CONNECTOR/INTERFACE, not %q", args[0])
	}
	return shown(a, func(svc *service.Service, actor string) (*service.InterfaceView, error) {
		return svc.GetInterface(a.ctx, actor, connector, key)
	}, func(w io.Writer, it *service.InterfaceView) error { return printInterface(w, connector, it) })
}

func printInterface(w io.Writer, connector string, it *service.InterfaceView) error {
	fmt.Fprintf(w, "%s/%s  %s\n", connector, it.Key, printable(it.Name))
	t := newTable(w)
	t.row("  request:", it.Method+" "+it.Path)
	t.row("  connection:", it.ConnectionKey)
	t.row("  body:", it.BodyType)
	if it.Description != "" {
		t.row("  description:", it.Description)
	}
	t.row("  revision:", fmt.Sprint(it.Revision))
	t.row("  updated:", stamp(it.UpdatedAt)+" by "+it.UpdatedBy)
	t.row("  success when:", conditionText(it.Success))
	if it.Messages.Unmet != "" {
		t.row("  unmet message:", it.Messages.Unmet)
	}
	if it.Messages.Timeout != "" {
		t.row("  timeout message:", it.Messages.Timeout)
	}
	if it.Messages.Error != "" {
		t.row("  error message:", it.Messages.Error)
	}
	if err := t.flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nRequest params (%d)\n", len(it.Request))
	if len(it.Request) > 0 {
		t = newTable(w, "  NAME", "IN", "TYPE", "REQUIRED", "SOURCE", "DEFAULT")
		requestRows(t, it.Request, "", "  ")
		if err := t.flush(); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "\nResponse params (%d)\n", len(it.Response))
	if len(it.Response) > 0 {
		t = newTable(w, "  NAME", "TYPE", "PATH")
		responseRows(t, it.Response, "  ")
		return t.flush()
	}
	return nil
}

// requestRows writes a param tree, children indented under their parent and
// inheriting its location.
func requestRows(t *table, params []domain.Param, in, indent string) {
	for _, p := range params {
		where := p.In
		if where == "" {
			where = in
		}
		src := p.Source.Kind
		if p.Source.Value != "" {
			src += ": " + p.Source.Value
		}
		t.row(indent+p.Name, where, p.Type, yesNo(p.Required), src, string(p.Default))
		requestRows(t, p.Children, where, indent+"  ")
	}
}

func responseRows(t *table, params []domain.ResponseParam, indent string) {
	for _, p := range params {
		t.row(indent+p.Name, p.Type, p.Path)
		responseRows(t, p.Children, indent+"  ")
	}
}

// conditionText renders a success condition as one readable expression.
func conditionText(c domain.Condition) string {
	join := func(items []domain.Condition, op string) string {
		parts := make([]string, len(items))
		for i, x := range items {
			parts[i] = conditionText(x)
			if x.IsGroup() && len(x.All)+len(x.Any) > 1 {
				parts[i] = "(" + parts[i] + ")"
			}
		}
		return strings.Join(parts, " "+op+" ")
	}
	switch {
	case c.All != nil:
		return join(c.All, "and")
	case c.Any != nil:
		return join(c.Any, "or")
	case c.Field == "":
		return ""
	}
	s := c.Field + " " + c.Op
	if c.Value != nil {
		v, err := json.Marshal(c.Value)
		if err == nil {
			s += " " + string(v)
		}
	}
	return s
}
