// Package cli is Junction's command-line door (spec/CLI.md): the same store and
// the same backend/service use cases as the desktop window, run headless.
// Scripts depend on its command names, flags, exit codes and JSON shapes.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"junction/backend/domain"
	"junction/backend/service"
	"junction/backend/supervise"
	"junction/backend/version"
)

// ServeFunc runs browser mode until ctx ends: main.go provides it (the bridge
// over the app facade), so this door imports no other door. It opens the
// store through enter with its own Config (lock, events), prints the URL on
// stdout and opens a browser when open is true.
type ServeFunc func(ctx context.Context, enter Enter, addr string, open bool, stdout io.Writer) error

// Enter opens the store through service.Open with cfg, the CLI's --db
// added, and enters the acting profile by the CLI's policy (--as,
// JUNCTION_PASSWORD or the terminal). It returns the service, which Run
// closes, and the profile's name.
type Enter func(cfg service.Config) (*service.Service, string, error)

// Exit codes (spec/CLI.md).
const (
	ExitOK         = 0
	ExitUnmet      = 1 // the call ran and its success condition did not hold
	ExitUsage      = 2 // usage error or invalid input
	ExitPermission = 3
	ExitTransport  = 4
	ExitNotFound   = 5
	ExitConflict   = 6 // conflict or rule refusal
	// ExitInternal is for a fault of ours or of the machine (a disk error, a
	// database that cannot be opened), which the contract has no code for.
	// Exit 1 would claim "the call ran and its condition did not hold" and 2
	// would blame the user's input, so it takes EX_SOFTWARE from sysexits.h:
	// still non-zero for scripts, never mistaken for a verdict.
	ExitInternal = 70
)

// Codes this door adds to the domain's error codes in its JSON errors.
const (
	codeUsage = "usage" // the command line itself is wrong: unknown command or flag, missing argument, unsupported option
)

// envPassword is the environment variable the CLI reads the acting
// profile's password from, besides those of service.DefaultDBPath,
// DefaultKeyPath and DefaultProfile.
const envPassword = "JUNCTION_PASSWORD"

// Run runs the command line args (without the program name) and returns the
// process exit code. It never calls os.Exit, so tests run it in-process.
// A panic in a command is an internal error (exit 70, stack in the log), not
// Go's exit status 2, which is the usage code; backend/supervise covers the
// faults no recover can catch.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer, serve ServeFunc) (code int) {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, serve: serve, ctx: context.Background()}
	defer func() {
		if err := service.Recovered(recover()); err != nil {
			if !a.json && hasJSONFlag(args) {
				a.json = true
			}
			code = a.fail(ran(err))
		}
	}()
	root := a.root()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if a.svc != nil {
		if cerr := a.svc.Close(); err == nil && cerr != nil {
			err = ran(fmt.Errorf("close the database: %w", cerr))
		}
	}
	if err != nil {
		// A usage error can stop cobra before it parsed --json.
		if !a.json && hasJSONFlag(args) {
			a.json = true
		}
		return a.fail(err)
	}
	return a.exit
}

// warn prints a warning on stderr: the command goes on.
func (a *app) warn(message string) {
	fmt.Fprintln(a.stderr, "junction: warning:", message)
}

// app is one run of the command line: its I/O, its global flags and the
// service it opened, if any.
type app struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	serve  ServeFunc

	dbPath string
	as     string
	json   bool

	svc   *service.Service
	actor string
	exit  int // set by a command whose verdict is not an error (audit verify)
}

func (a *app) root() *cobra.Command {
	root := &cobra.Command{
		Use:   "junction",
		Short: "Design, test, run and share HTTP connectors",
		Long: "Junction runs headless with a subcommand, against the same store as the desktop window.\n" +
			"Without arguments the junction binary opens the desktop window.",
		SilenceErrors: true,
		SilenceUsage:  true,
		// No Args and no RunE: cobra's own check for a root command names
		// unknown commands and suggests near ones; without a command it
		// prints help (main.go runs the desktop window then instead).
		SuggestionsMinimumDistance: 2,
	}
	root.CompletionOptions.DisableDefaultCmd = true
	// Once the flags are read the log's place is known: tell the supervising
	// parent, which writes a crash report there.
	root.PersistentPreRun = func(*cobra.Command, []string) { supervise.ReportLog(a.logPath()) }
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return usagef("%s: %v", cmdName(cmd), err)
	})
	pf := root.PersistentFlags()
	pf.StringVar(&a.dbPath, "db", "", "SQLite store (default $JUNCTION_DB, else <user config dir>/junction/junction.db)")
	pf.StringVar(&a.as, "as", "", "act as this local profile (default $JUNCTION_USER, else the OS user's profile)")
	pf.BoolVar(&a.json, "json", false, "print one JSON document on stdout instead of text")

	root.AddCommand(
		a.versionCmd(),
		a.serveCmd(),
		a.connectorCmd(),
		a.interfaceCmd(),
		a.flowCmd(),
		a.schedulerCmd(),
		a.importCmd(),
		a.exportCmd(),
		a.secretCmd(),
		a.invokeCmd(),
		a.auditCmd(),
		a.userCmd(),
		a.grantCmd(),
		a.revokeCmd(),
	)
	for _, cmd := range testCommands {
		root.AddCommand(cmd(a))
	}
	return root
}

// testCommands are hidden commands that only test builds add (testhooks.go,
// build tag testhooks).
var testCommands []func(*app) *cobra.Command

// session opens the store and enters the acting profile, once per run.
func (a *app) session() (*service.Service, string, error) {
	return a.sessionWith(service.Config{})
}

// fetch opens the session and asks its service for one value.
func fetch[T any](a *app, get func(svc *service.Service, actor string) (T, error)) (T, error) {
	svc, actor, err := a.session()
	if err != nil {
		var zero T
		return zero, err
	}
	return get(svc, actor)
}

// shown fetches one value and writes it as JSON with --json, else as text.
func shown[T any](a *app, get func(svc *service.Service, actor string) (T, error), text func(io.Writer, T) error) error {
	v, err := fetch(a, get)
	if err != nil {
		return err
	}
	return output(a, v, text)
}

// change opens the session, makes one change and reports it: as the object
// done with --json, else as the line msg.
func (a *app) change(do func(svc *service.Service, actor string) error, done any, msg string) error {
	svc, actor, err := a.session()
	if err != nil {
		return err
	}
	if err := do(svc, actor); err != nil {
		return err
	}
	if a.json {
		return writeJSON(a.stdout, done)
	}
	_, err = fmt.Fprintln(a.stdout, msg)
	return err
}

// sessionWith is session with cfg (secret rekey opens the store without its
// key file, serve takes the single-instance lock): the store is --db's, the
// profile --as's, and service.Enter decides. A profile with a password needs
// it in $JUNCTION_PASSWORD, or typed at a terminal. Open's warnings go to
// stderr.
func (a *app) sessionWith(cfg service.Config) (*service.Service, string, error) {
	if a.svc != nil {
		return a.svc, a.actor, nil
	}
	cfg.DBPath = a.dbPath
	svc, err := service.Open(cfg)
	if err != nil {
		return nil, "", err
	}
	a.svc = svc // Run closes it
	for _, w := range svc.Warnings() {
		a.warn(w)
	}
	pw := os.Getenv(envPassword)
	me, err := svc.Enter(a.ctx, a.as, pw)
	if domain.ErrorReason(err) == domain.RPasswordNeeded {
		if pw, err = a.askPassword(domain.ErrorParams(err)["profile"]); err == nil {
			me, err = svc.Enter(a.ctx, a.as, pw)
		}
	}
	if err != nil {
		return nil, "", err
	}
	a.actor = me.Name
	return svc, me.Name, nil
}

// askPassword reads the password of profile at a terminal, without echo.
// Without a terminal it refuses with what to set, keeping the reason the
// other doors give.
func (a *app) askPassword(profile string) (string, error) {
	f, ok := a.stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return "", domain.Errorf(domain.EPermission, "profile %s has a password: set it in %s", profile, envPassword).
			With(domain.RPasswordNeeded, "profile", profile)
	}
	return a.readHidden(f, fmt.Sprintf("Password of profile %s: ", profile), "password")
}

// readHidden prompts on standard error and reads one line typed at the
// terminal f without echo; what names the value in the error.
func (a *app) readHidden(f *os.File, prompt, what string) (string, error) {
	fmt.Fprint(a.stderr, prompt)
	value, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(a.stderr)
	if err != nil {
		return "", fmt.Errorf("read the %s from the terminal: %w", what, err)
	}
	return string(value), nil
}

// ranError marks an error returned by a command's own work, as opposed to one
// cobra returns about the command line (unknown flag, wrong argument count).
type ranError struct{ err error }

func (e ranError) Error() string { return e.err.Error() }
func (e ranError) Unwrap() error { return e.err }

func ran(err error) error {
	if err == nil {
		return nil
	}
	return ranError{err}
}

// run adapts a command body to cobra, marking its errors as its own.
func (a *app) run(fn func(args []string) error) func(*cobra.Command, []string) error {
	return func(_ *cobra.Command, args []string) error { return ran(fn(args)) }
}

// leaf is a command without flags of its own that takes exactly n arguments.
func (a *app) leaf(use, short string, n int, fn func(args []string) error) *cobra.Command {
	return &cobra.Command{Use: use, Short: short, Args: exactArgs(n), RunE: a.run(fn)}
}

func usagef(format string, args ...any) error {
	return ran(&domain.Error{Code: codeUsage, Message: fmt.Sprintf(format, args...)})
}

// fileError names the input file an error is about.
type fileError struct {
	file string
	err  error
	// done lists the files imported before this one failed.
	done []string
}

func (e *fileError) Error() string { return e.file + ": " + e.err.Error() }
func (e *fileError) Unwrap() error { return e.err }

// exitCode maps an error to the exit code of spec/CLI.md.
func exitCode(err error) int {
	switch domain.ErrorCode(err) {
	case "":
		return ExitOK
	case codeUsage, domain.EValidation, domain.EBadInput:
		return ExitUsage
	case domain.EPermission:
		return ExitPermission
	case domain.ETransport, domain.ETimeout:
		return ExitTransport
	case domain.ENotFound:
		return ExitNotFound
	case domain.EConflict, domain.ERule:
		return ExitConflict
	default:
		return ExitInternal
	}
}

// fail reports err and returns its exit code: one line on stderr, or with
// --json one document on stdout.
func (a *app) fail(err error) int {
	var r ranError
	if !errors.As(err, &r) {
		// Cobra's own errors are about the command line.
		err = &domain.Error{Code: codeUsage, Message: oneLine(err.Error())}
	}
	code := domain.ErrorCode(err)
	msg := oneLine(domain.ErrorMessage(err))
	field := domain.ErrorField(err)
	var fe *fileError
	errors.As(err, &fe)
	if code == domain.EInternal {
		msg = "internal error: " + msg
		if where := a.logFault(err); where != "" {
			msg += " (details in " + where + ")"
		}
	}
	if a.json {
		body := errorBody(err, code, msg, field)
		if fe != nil {
			body["file"] = fe.file
			if len(fe.done) > 0 {
				body["imported"] = fe.done
			}
		}
		_ = writeJSON(a.stdout, map[string]any{"error": body})
		return exitCode(err)
	}
	line := "junction: "
	if fe != nil {
		line += fe.file + ": "
	}
	if field != "" {
		line += field + ": "
	}
	line += msg
	if fe != nil && len(fe.done) > 0 {
		line += fmt.Sprintf(" (imported before it: %s)", strings.Join(fe.done, ", "))
	}
	fmt.Fprintln(a.stderr, line)
	return exitCode(err)
}

// logPath is junction.log beside the store, where the window logs too; ""
// when the store's place is unknown.
func (a *app) logPath() string {
	db := a.dbPath
	if db == "" {
		p, err := service.DefaultDBPath()
		if err != nil {
			return ""
		}
		db = p
	}
	return filepath.Join(filepath.Dir(db), "junction.log")
}

// logFault writes an internal error in full (a panic's stack too) to the
// log file and returns the file's path, "" when it cannot be written.
func (a *app) logFault(err error) string {
	path := a.logPath()
	if path == "" {
		return ""
	}
	log, logPath, closeLog := OpenLog(filepath.Dir(path))
	defer closeLog()
	if logPath == "" {
		return ""
	}
	attrs := []any{"command", strings.Join(os.Args[1:], " "), "err", err}
	var pe *service.PanicError
	if errors.As(err, &pe) {
		attrs = append(attrs, "stack", string(pe.Stack))
	}
	log.Error("internal error", attrs...)
	return logPath
}

// OpenLog opens junction.log in dir for unexpected errors (the window's, and
// the CLI's internal faults), falling back to stderr with path "".
func OpenLog(dir string) (log *slog.Logger, path string, closeLog func()) {
	path = filepath.Join(dir, "junction.log")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return slog.New(slog.NewTextHandler(os.Stderr, nil)), "", func() {}
	}
	return slog.New(slog.NewTextHandler(f, nil)), path, func() { f.Close() }
}

// oneLine folds a multi-line message into one line, rewording cobra's
// "\n\nDid you mean this?\n\tX\n" suggestions on the way.
func oneLine(s string) string {
	if i := strings.Index(s, "\n\nDid you mean this?"); i >= 0 {
		names := strings.Fields(s[i+len("\n\nDid you mean this?"):])
		s = s[:i] + "; did you mean " + strings.Join(names, " or ") + "?"
	}
	return strings.Join(strings.Fields(s), " ")
}

// cmdName is a command's path without the program name, for messages that
// already start with "junction: ".
func cmdName(cmd *cobra.Command) string {
	if !cmd.HasParent() {
		return cmd.Name()
	}
	return strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()+" ")
}

// hasJSONFlag reports whether args ask for --json, for errors raised before
// cobra parsed the flags.
func hasJSONFlag(args []string) bool {
	for _, arg := range args {
		switch arg {
		case "--":
			return false
		case "--json", "--json=true", "--json=1":
			return true
		}
	}
	return false
}

// group is a command that only holds subcommands: without one, or with an
// unknown one, it is a usage error (cobra would print help and exit 0).
func (a *app) group(cmd *cobra.Command, subs ...*cobra.Command) *cobra.Command {
	cmd.AddCommand(subs...)
	cmd.SuggestionsMinimumDistance = 2
	cmd.RunE = func(c *cobra.Command, args []string) error {
		if len(args) > 0 {
			msg := fmt.Sprintf("unknown command %q for %q", args[0], c.CommandPath())
			if s := c.SuggestionsFor(args[0]); len(s) > 0 {
				msg += "; did you mean " + strings.Join(s, " or ") + "?"
			}
			return usagef("%s", msg)
		}
		names := []string{}
		for _, s := range c.Commands() {
			if s.IsAvailableCommand() {
				names = append(names, s.Name())
			}
		}
		return usagef("%s needs a subcommand: %s", cmdName(c), strings.Join(names, ", "))
	}
	return cmd
}

// exactArgs is cobra.ExactArgs with a message that shows the usage line.
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return fmt.Errorf("%s takes %d argument(s), got %d; usage: %s", cmdName(cmd), n, len(args), cmd.UseLine())
		}
		return nil
	}
}

func minArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < n {
			return fmt.Errorf("%s needs at least %d argument(s); usage: %s", cmdName(cmd), n, cmd.UseLine())
		}
		return nil
	}
}

func (a *app) versionCmd() *cobra.Command {
	return a.leaf("version", "Print the version and the commit it was built from", 0, func([]string) error {
		info := version.Get()
		if a.json {
			return writeJSON(a.stdout, info)
		}
		_, err := fmt.Fprintln(a.stdout, info.String())
		return err
	})
}
