package cli

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"junction/backend/domain"
)

// maxSecret bounds what `secret set` reads from standard input.
const maxSecret = 1 << 20

func (a *app) secretCmd() *cobra.Command {
	var fromEnv string
	set := &cobra.Command{
		Use:   "set CONNECTOR/CONNECTION/ACCOUNT FIELD",
		Short: "Set one secret field of an auth account, creating the account if absent",
		Long: "Set one secret field of an auth account, creating the account if absent. The value comes\n" +
			"from --from-env VAR, else from standard input (one trailing newline is dropped). It is\n" +
			"never printed. CONNECTOR/CONNECTION/ with an empty account and the field\n" +
			"tls.clientCertPassword sets the connection's client certificate password.",
		Args: exactArgs(2),
		RunE: a.run(func(args []string) error { return a.secretSet(args[0], args[1], fromEnv) }),
	}
	set.Flags().StringVar(&fromEnv, "from-env", "", "read the value from this environment variable instead of standard input")
	return a.group(&cobra.Command{Use: "secret", Short: "Set secrets of auth accounts"}, set)
}

func (a *app) secretSet(target, field, fromEnv string) error {
	parts := strings.SplitN(target, "/", 3)
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" {
		return usagef("name the account as CONNECTOR/CONNECTION/ACCOUNT, not %q", target)
	}
	var value string
	if fromEnv != "" {
		value = os.Getenv(fromEnv)
		if value == "" {
			return domain.Invalid("from-env", "the environment variable %s is empty or not set", fromEnv)
		}
	} else {
		v, err := a.readSecret(field)
		if err != nil {
			return err
		}
		value = v
	}
	svc, actor, err := a.session()
	if err != nil {
		return err
	}
	if err := svc.SetSecret(a.ctx, actor, parts[0], parts[1], parts[2], field, value); err != nil {
		return err
	}
	if a.json {
		return writeJSON(a.stdout, map[string]any{"target": target, "field": field, "set": true})
	}
	_, err = fmt.Fprintf(a.stdout, "secret %s of %s set\n", field, target)
	return err
}

// readSecret reads the value from standard input: one line typed without echo
// at a terminal, else everything up to end of input, minus one trailing newline.
func (a *app) readSecret(field string) (string, error) {
	if f, ok := a.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintf(a.stderr, "value of %s (not shown): ", field)
		value, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(a.stderr)
		if err != nil {
			return "", fmt.Errorf("read the value from the terminal: %w", err)
		}
		return string(value), nil
	}
	data, err := io.ReadAll(io.LimitReader(a.stdin, maxSecret+1))
	if err != nil {
		return "", fmt.Errorf("read standard input: %w", err)
	}
	if len(data) > maxSecret {
		return "", domain.Invalid("value", "is longer than %d bytes", maxSecret)
	}
	return trimNewline(string(data)), nil
}

// trimNewline drops one trailing "\n" or "\r\n".
func trimNewline(s string) string {
	if strings.HasSuffix(s, "\n") {
		s = strings.TrimSuffix(s, "\n")
		s = strings.TrimSuffix(s, "\r")
	}
	return s
}
