package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"junction/backend/service"
)

// auditPage is how many entries each page of the CLI's walk reads.
const auditPage = 1000

// auditRow is one element of `audit --json`. Target is the entry's target key
// ("CONNECTOR", "CONNECTOR/INTERFACE", "CONNECTOR/CONNECTION/ACCOUNT", a
// profile name), else "TYPE/ID"; the other fields are additions.
type auditRow struct {
	Seq        int64     `json:"seq"`
	At         time.Time `json:"at"`
	Actor      string    `json:"actor"`
	Action     string    `json:"action"`
	Target     string    `json:"target"`
	Summary    string    `json:"summary"`
	TargetType string    `json:"targetType"`
	TargetID   string    `json:"targetId"`
}

// auditRowOf is e as `audit` shows it.
func auditRowOf(e service.AuditView) auditRow {
	target := e.TargetKey
	if target == "" && e.TargetType != "" {
		target = e.TargetType + "/" + e.TargetID
	}
	return auditRow{Seq: e.Seq, At: e.At, Actor: e.Actor, Action: e.Action, Target: target,
		Summary: e.Summary, TargetType: e.TargetType, TargetID: e.TargetID}
}

func (a *app) auditCmd() *cobra.Command {
	var (
		connector, action string
		limit             int
	)
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Show the operation log, newest first",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return fmt.Errorf("unknown command %q for %q; its subcommand is verify", args[0], cmd.CommandPath())
			}
			return nil
		},
		RunE: a.run(func([]string) error { return a.auditList(connector, action, limit) }),
	}
	f := cmd.Flags()
	f.StringVar(&connector, "connector", "", "only entries of this connector")
	f.StringVar(&action, "action", "", "only entries of this action, such as connector.seal")
	f.IntVar(&limit, "limit", 50, "at most this many entries")
	cmd.AddCommand(a.leaf("verify",
		"Check the audit log's hash chain, MACs and anchor file; exit 1 when an entry does not match or is missing", 0,
		func([]string) error { return a.auditVerify() }))
	return cmd
}

func (a *app) auditList(connector, action string, limit int) error {
	if limit < 1 {
		return usagef("--limit must be at least 1")
	}
	svc, actor, err := a.session()
	if err != nil {
		return err
	}
	// Walked in keyset pages and, with --json, written as they come.
	var arr *jsonArray
	var t *table
	if a.json {
		arr = newJSONArray(a.stdout)
	} else {
		t = newTable(a.stdout, "SEQ", "AT", "ACTOR", "ACTION", "TARGET", "SUMMARY")
	}
	err = svc.EachAudit(a.ctx, actor, service.AuditQuery{Connector: connector, Action: action, Page: service.Page{Limit: limit}}, auditPage,
		func(entries []service.AuditView) error {
			for _, e := range entries {
				r := auditRowOf(e)
				if arr == nil {
					t.row(fmt.Sprint(r.Seq), stamp(r.At), r.Actor, r.Action, r.Target, r.Summary)
					continue
				}
				if err := arr.add(r); err != nil {
					return err
				}
			}
			return nil
		})
	if err != nil {
		return err
	}
	if arr != nil {
		return arr.close()
	}
	return t.flush()
}

func (a *app) auditVerify() error {
	res, err := fetch(a, func(svc *service.Service, actor string) (*service.VerifyResult, error) {
		return svc.VerifyAudit(a.ctx, actor)
	})
	if err != nil {
		return err
	}
	if !res.OK {
		a.exit = ExitUnmet
	}
	if a.json {
		// The contract's entries, ok and firstBad (when broken), plus the additions.
		return writeJSON(a.stdout, res)
	}
	if res.OK {
		_, err = fmt.Fprintf(a.stdout, "audit log intact: %d entries\n%s\n", res.Entries, res.Message)
	} else {
		_, err = fmt.Fprintf(a.stdout, "audit log broken (%d entries): %s\n", res.Entries, res.Message)
	}
	return err
}
