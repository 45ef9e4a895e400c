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
	return a.group(&cobra.Command{Use: "flow", Short: "List, show, run, enable and disable action flows; their runs, cancel a running one"},
		a.leaf("list", "List every flow you may see", 0, a.flowList),
		a.leaf("show KEY", "Show a flow with its trigger, inputs and steps", 1, a.flowShow),
		a.leaf("enable KEY", "Let a flow's trigger fire", 1, func(args []string) error { return a.flowSwitch(args[0], true) }),
		a.leaf("disable KEY", "Stop a flow's trigger (it can still be run by hand)", 1, func(args []string) error { return a.flowSwitch(args[0], false) }),
		a.flowRunCmd(),
		a.flowHistoryCmd(),
		a.flowRerunCmd(),
		a.leaf("cancel RUN-ID", "Cancel a running run, in this process or another (it ends cancelled)", 1, a.flowCancel),
	)
}

func (a *app) flowRunCmd() *cobra.Command {
	var inputs []string
	var inputJSON string
	cmd := &cobra.Command{
		Use:   "run KEY",
		Short: "Run a flow once and wait for it to end",
		Long: "Runs the flow once, as you, and prints each step's result. Exit code 0 when the run is ok, 1 unmet,\n" +
			"4 transport (timeout, error), 2 bad input, 3 permission, 5 unknown flow. --input NAME=VALUE and\n" +
			"--input-json set the flow's inputs as for invoke.",
		Args: exactArgs(1),
		RunE: a.run(func(args []string) error {
			in, err := a.invokeInputs(inputJSON, inputs)
			if err != nil {
				return err
			}
			svc, actor, err := a.session()
			if err != nil {
				return err
			}
			run, err := svc.RunFlow(a.ctx, actor, args[0], service.FlowRunInput{Inputs: in})
			if err != nil {
				return err
			}
			a.exit = verdictExit(run.Verdict)
			return output(a, run, printFlowRun)
		}),
	}
	cmd.Flags().StringArrayVar(&inputs, "input", nil, "set the flow input NAME to VALUE (NAME=VALUE; repeatable)")
	cmd.Flags().StringVar(&inputJSON, "input-json", "", "read the flow's inputs from a JSON object in FILE, or standard input with -")
	return cmd
}

func (a *app) flowRerunCmd() *cobra.Command {
	var fromFailed bool
	cmd := &cobra.Command{
		Use:   "rerun RUN-ID",
		Short: "Run the flow of a run again with the run's inputs",
		Long: "Runs the flow again, as it is now, with the inputs of RUN-ID. --from-failed starts at the step that\n" +
			"failed the run and reuses the recorded outputs of the steps before it. Exit codes as flow run.",
		Args: exactArgs(1),
		RunE: a.run(func(args []string) error {
			svc, actor, err := a.session()
			if err != nil {
				return err
			}
			run, err := svc.RerunFlow(a.ctx, actor, args[0], fromFailed)
			if err != nil {
				return err
			}
			a.exit = verdictExit(run.Verdict)
			return output(a, run, printFlowRun)
		}),
	}
	cmd.Flags().BoolVar(&fromFailed, "from-failed", false, "start at the step that failed the run")
	return cmd
}

func (a *app) flowHistoryCmd() *cobra.Command {
	var limit int
	cmd := &cobra.Command{
		Use:   "history KEY",
		Short: "List a flow's runs, newest first",
		Args:  exactArgs(1),
		RunE: a.run(func(args []string) error {
			if limit < 0 {
				return usagef("--limit must be 0 (all) or more, not %d", limit)
			}
			return shown(a, func(svc *service.Service, actor string) ([]service.FlowRunRow, error) {
				return svc.FlowHistory(a.ctx, actor, args[0], limit)
			}, func(w io.Writer, runs []service.FlowRunRow) error {
				t := newTable(w, "RUN", "TRIGGER", "STARTED", "VERDICT", "MESSAGE")
				for _, r := range runs {
					t.row(r.RunID, r.Trigger, stamp(r.StartedAt), r.Verdict, printable(r.Message))
				}
				return t.flush()
			})
		}),
	}
	cmd.Flags().IntVar(&limit, "limit", 20, "list at most N runs (0: all the flow keeps)")
	return cmd
}

// printFlowRun prints a run: its verdict, then a line per step.
func printFlowRun(w io.Writer, r *service.FlowRunView) error {
	fmt.Fprintf(w, "flow %s: %s (%.1f ms), run %s\n", r.Flow, r.Verdict, r.Timing.TotalMs, r.RunID)
	if r.Message != "" {
		fmt.Fprintf(w, "  %s\n", printable(r.Message))
	}
	reused := map[string]bool{}
	for _, k := range r.Reused {
		reused[k] = true
	}
	for _, st := range r.Steps {
		line := fmt.Sprintf("  %-20s %-9s", st.Key, st.Verdict)
		switch {
		case reused[st.Key]:
			line += " reused from the run before"
		case len(st.Items) > 0:
			line += fmt.Sprintf(" %d items", len(st.Items))
		case st.Status != 0:
			line += fmt.Sprintf(" HTTP %d", st.Status)
		}
		if st.Attempts > 1 {
			line += fmt.Sprintf(", %d attempts", st.Attempts)
		}
		if st.Verdict != "ok" && st.Message != "" {
			line += ": " + printable(st.Message)
		}
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
	}
	return nil
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

// flowCancel is `flow cancel RUN-ID`: exit 5 for an unknown run, 6 for
// one that has ended.
func (a *app) flowCancel(args []string) error {
	return a.change(func(svc *service.Service, actor string) error {
		return svc.CancelFlowRun(a.ctx, actor, args[0])
	}, map[string]any{"runId": args[0], "cancelled": true},
		fmt.Sprintf("flow run %s: cancel asked; it ends cancelled", args[0]))
}
