package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"junction/backend/domain"
	"junction/backend/service"
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
	var fresh, yes bool
	rekey := &cobra.Command{
		Use:   "rekey --new [--yes]",
		Short: "Start over with a new key file when the old one is lost, clearing every stored secret",
		Long: "Start over with a new key file when the old one is lost or unusable. Every stored secret is\n" +
			"cleared (they cannot be decrypted without the old key), the present key file, if any, is moved\n" +
			"aside, and the accounts that need new values are listed. It asks for confirmation: --yes, or\n" +
			"type yes at a terminal. Needs users.admin.",
		Args: exactArgs(0),
		RunE: a.run(func([]string) error { return a.secretRekey(fresh, yes) }),
	}
	rekey.Flags().BoolVar(&fresh, "new", false, "create a new key (required: the only kind of rekey there is)")
	rekey.Flags().BoolVar(&yes, "yes", false, "confirm that every stored secret is cleared")
	return a.group(&cobra.Command{Use: "secret", Short: "Set secrets of auth accounts; replace a lost key file"}, set, rekey)
}

func (a *app) secretRekey(fresh, yes bool) error {
	if !fresh {
		return usagef("secret rekey needs --new: it creates a new key and clears every stored secret")
	}
	svc, actor, err := a.sessionWith(service.Config{WithoutKey: true})
	if err != nil {
		return err
	}
	if !yes {
		ok, err := a.confirm("This clears every stored secret and creates a new key file. Type yes to go on: ")
		if err != nil {
			return err
		}
		if !ok {
			return usagef("secret rekey --new clears every stored secret: confirm with --yes (or type yes at a terminal)")
		}
	}
	res, err := svc.RekeyNew(a.ctx, actor)
	if err != nil {
		return err
	}
	if a.json {
		return writeJSON(a.stdout, res)
	}
	fmt.Fprintf(a.stdout, "new secret key created at %s\n", res.KeyPath)
	if res.MovedTo != "" {
		fmt.Fprintf(a.stdout, "the previous key file was moved to %s\n", res.MovedTo)
	}
	if len(res.Cleared) == 0 {
		_, err = fmt.Fprintln(a.stdout, "no stored secrets were cleared")
		return err
	}
	fmt.Fprintf(a.stdout, "%s cleared; give them new values:\n", plural(len(res.Cleared), "stored secret", "stored secrets"))
	for _, c := range res.Cleared {
		fmt.Fprintf(a.stdout, "  junction secret set %s %s\n", c.Target, c.Field)
	}
	return nil
}

// confirm asks question at a terminal and tells whether "yes" was typed;
// without a terminal there is no one to ask and the answer is no.
func (a *app) confirm(question string) (bool, error) {
	f, ok := a.stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return false, nil
	}
	fmt.Fprint(a.stderr, question)
	line, err := bufio.NewReader(io.LimitReader(f, 64)).ReadString('\n')
	if err != nil && err != io.EOF {
		return false, fmt.Errorf("read the answer from the terminal: %w", err)
	}
	return strings.TrimSpace(line) == "yes", nil
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
			return domain.Invalid("from-env", "the environment variable %s is empty or not set", fromEnv).With(domain.REnvEmpty, "name", fromEnv)
		}
	} else {
		v, err := a.readSecret(field)
		if err != nil {
			return err
		}
		value = v
	}
	return a.change(func(svc *service.Service, actor string) error {
		return svc.SetSecret(a.ctx, actor, parts[0], parts[1], parts[2], field, value)
	}, map[string]any{"target": target, "field": field, "set": true}, fmt.Sprintf("secret %s of %s set", field, target))
}

// readSecret reads the value from standard input: one line typed without echo
// at a terminal, else everything up to end of input, minus one trailing newline.
func (a *app) readSecret(field string) (string, error) {
	if f, ok := a.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return a.readHidden(f, fmt.Sprintf("value of %s (not shown): ", field), "value")
	}
	data, err := io.ReadAll(io.LimitReader(a.stdin, maxSecret+1))
	if err != nil {
		return "", fmt.Errorf("read standard input: %w", err)
	}
	if len(data) > maxSecret {
		return "", domain.Invalid("value", "is longer than %d bytes", maxSecret).With(domain.RValueTooLong, "max", strconv.Itoa(maxSecret))
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
