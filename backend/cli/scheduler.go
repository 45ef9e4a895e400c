package cli

import (
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"junction/backend/schedule"
	"junction/backend/service"
)

// schedulerCmd is `junction scheduler`: the flow scheduler in the
// foreground, for a server (junction-cli) or beside a window. It takes no
// single-instance lock: it runs beside the window or browser mode, and the
// store's lease decides which of them schedules.
func (a *app) schedulerCmd() *cobra.Command {
	var grace time.Duration
	cmd := &cobra.Command{
		Use:   "scheduler",
		Short: "Run due flow triggers in the foreground until SIGINT/SIGTERM",
		Long: "Fires the store's interval and cron flows, each run as the flow's owner, while this process holds\n" +
			"the store's scheduler lease; when another process (a window, junction serve, another scheduler)\n" +
			"holds it, it waits and takes over once that one stops. It logs a line when it holds or waits for the\n" +
			"lease and one per run. SIGINT or SIGTERM stop it after the running flows end, or cancel them once\n" +
			"--grace has passed; it exits 0.",
		Args: exactArgs(0),
		RunE: a.run(func([]string) error {
			if grace <= 0 {
				return usagef("--grace must be positive, not %s", grace)
			}
			svc, err := service.Open(service.Config{DBPath: a.dbPath})
			if err != nil {
				return err
			}
			a.svc = svc // Run closes it
			for _, w := range svc.Warnings() {
				a.warn(w)
			}
			var handler slog.Handler = slog.NewTextHandler(a.stdout, nil)
			if a.json {
				handler = slog.NewJSONHandler(a.stdout, nil)
			}
			log := slog.New(handler)
			label := service.SchedulerLabel(service.SchedulerCLI)
			log.Info("scheduler started", "label", label, "db", svc.DBPath(), "grace", grace)
			ctx, stop := signal.NotifyContext(a.ctx, os.Interrupt, syscall.SIGTERM)
			defer stop()
			if err := svc.RunScheduler(ctx, service.SchedulerConfig{Label: label, Log: log, Grace: grace}); err != nil {
				return err
			}
			log.Info("scheduler stopped")
			return nil
		}),
	}
	cmd.Flags().DurationVar(&grace, "grace", schedule.DefaultGrace, "on SIGINT/SIGTERM, wait this long for running flows before cancelling them")
	return cmd
}
