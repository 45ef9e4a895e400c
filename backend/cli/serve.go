package cli

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"junction/backend/local"
)

func (a *app) serveCmd() *cobra.Command {
	var (
		addr   string
		noOpen bool
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Browser mode: serve the studio on 127.0.0.1 and print its URL",
		Args:  exactArgs(0),
		RunE: a.run(func([]string) error {
			if a.serve == nil {
				return usagef("browser mode is not available in this build")
			}
			// Before anything is opened: browser mode never listens on a
			// network other machines reach.
			if err := local.CheckListenAddr(addr); err != nil {
				return usagef("serve --addr %q: %v", addr, err)
			}
			// The service's Start runs the flow scheduler beside the studio;
			// Run's Close stops it, waiting for running flows up to the grace.
			ctx, stop := signal.NotifyContext(a.ctx, os.Interrupt, syscall.SIGTERM)
			defer stop()
			err := a.serve(ctx, a.sessionWith, addr, !noOpen, a.stdout)
			if ctx.Err() != nil && errors.Is(err, context.Canceled) {
				return nil // stopped by a signal
			}
			return err
		}),
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:0", "listen address (loopback only)")
	cmd.Flags().BoolVar(&noOpen, "no-open", false, "do not open a browser")
	return cmd
}
