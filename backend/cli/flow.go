package cli

import (
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

func (a *app) flowCmd() *cobra.Command {
	return a.group(&cobra.Command{Use: "flow", Short: "List, show, enable and disable action flows"},
		a.leaf("list", "List every flow you may see", 0, a.flowList),
		a.leaf("show KEY", "Show a flow with its trigger, inputs and steps", 1, a.flowShow),
		a.leaf("enable KEY", "Let a flow's trigger fire", 1, func(args []string) error { return a.flowSwitch(args[0], true) }),
		a.leaf("disable KEY", "Stop a flow's trigger (it can still be run by hand)", 1, func(args []string) error { return a.flowSwitch(args[0], false) }),
	)
}

// flowRow is one element of `flow list --json` (spec/CLI.md): trigger is
// the trigger's type; nextRunAt is null and lastVerdict "" until the
// scheduler and the run history fill them.
type flowRow struct {
	Key         string     `json:"key"`
	Name        string     `json:"name"`
	Enabled     bool       `json:"enabled"`
	Trigger     string     `json:"trigger"`
	NextRunAt   *time.Time `json:"nextRunAt"`
	LastVerdict string     `json:"lastVerdict"`
}

func (a *app) flowList([]string) error {
	return shown(a, func(svc *service.Service, actor string) ([]flowRow, error) {
		flows, err := svc.ListFlows(a.ctx, actor)
		rows := make([]flowRow, len(flows))
		for i, f := range flows {
			rows[i] = flowRow{Key: f.Key, Name: f.Name, Enabled: f.Enabled, Trigger: f.Trigger.Type, NextRunAt: f.NextRunAt, LastVerdict: f.LastVerdict}
		}
		return rows, err
	}, func(w io.Writer, rows []flowRow) error {
		t := newTable(w, "KEY", "NAME", "ENABLED", "TRIGGER", "NEXT RUN", "LAST")
		for _, r := range rows {
			next := "-"
			if r.NextRunAt != nil {
				next = stamp(*r.NextRunAt)
			}
			t.row(r.Key, printable(r.Name), yesNo(r.Enabled), r.Trigger, next, r.LastVerdict)
		}
		return t.flush()
	})
}

func (a *app) flowShow(args []string) error {
	return shown(a, func(svc *service.Service, actor string) (*service.FlowView, error) {
		return svc.GetFlow(a.ctx, actor, args[0])
	}, printFlow)
}

// triggerText is a trigger in words.
func triggerText(t domain.Trigger) string {
	switch t.Type {
	case domain.TriggerInterval:
		return fmt.Sprintf("every %s", (time.Duration(t.EverySec) * time.Second).String())
	case domain.TriggerCron:
		zone := t.Timezone
		if zone == "" {
			zone = "local time"
		}
		return fmt.Sprintf("cron %q (%s)", t.Cron, zone)
	}
	return t.Type
}

func printFlow(w io.Writer, f *service.FlowView) error {
	fmt.Fprintf(w, "%s  %s\n", f.Key, printable(f.Name))
	t := newTable(w)
	if f.Description != "" {
		t.row("  description:", f.Description)
	}
	t.row("  enabled:", yesNo(f.Enabled))
	t.row("  trigger:", triggerText(f.Trigger))
	t.row("  timeout:", fmt.Sprintf("%d s", f.TimeoutSec))
	t.row("  revision:", fmt.Sprint(f.Revision))
	t.row("  owner:", f.Owner)
	t.row("  your access:", f.Access.Level)
	t.row("  created:", stamp(f.CreatedAt)+" by "+f.CreatedBy)
	t.row("  updated:", stamp(f.UpdatedAt)+" by "+f.UpdatedBy)
	if err := t.flush(); err != nil {
		return err
	}
	if len(f.Inputs) > 0 {
		fmt.Fprintf(w, "\nInputs (%d)\n", len(f.Inputs))
		t = newTable(w, "  NAME", "TYPE", "REQUIRED")
		for _, p := range f.Inputs {
			t.row("  "+p.Name, p.Type, yesNo(p.Required))
		}
		if err := t.flush(); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "\nSteps (%d)\n", len(f.Steps))
	t = newTable(w, "  KEY", "INVOKE", "INPUTS", "ON FAILURE")
	for _, s := range f.Steps {
		t.row("  "+s.Key, s.Invoke, strings.Join(slices.Sorted(maps.Keys(s.Inputs)), ", "), s.OnFailure)
	}
	return t.flush()
}

func (a *app) flowSwitch(key string, enabled bool) error {
	word := "disabled"
	if enabled {
		word = "enabled"
	}
	return a.change(func(svc *service.Service, actor string) error {
		var err error
		if enabled {
			_, err = svc.EnableFlow(a.ctx, actor, key)
		} else {
			_, err = svc.DisableFlow(a.ctx, actor, key)
		}
		return err
	}, map[string]any{"key": key, "enabled": enabled}, fmt.Sprintf("flow %s is %s", key, word))
}
