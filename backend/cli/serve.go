package cli

import (
	"context"
	"errors"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
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
			if err := loopbackAddr(addr); err != nil {
				return err
			}
			svc, actor, err := a.session()
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(a.ctx, os.Interrupt, syscall.SIGTERM)
			defer stop()
			err = a.serve(ctx, svc, actor, addr, !noOpen, a.stdout)
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

// loopbackAddr refuses a listen address whose host is not loopback (localhost,
// 127.0.0.0/8, ::1) before anything is opened: browser mode never listens on
// a network other machines reach. An empty host means every interface.
func loopbackAddr(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return usagef("serve --addr %q: want host:port, e.g. 127.0.0.1:0", addr)
	}
	if ip := net.ParseIP(host); strings.EqualFold(host, "localhost") || (ip != nil && ip.IsLoopback()) {
		return nil
	}
	return usagef("serve --addr %q: browser mode listens on a loopback address only (127.0.0.1, localhost or [::1])", addr)
}
