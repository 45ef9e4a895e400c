package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"junction/backend/domain"
	"junction/backend/fsx"
	"junction/backend/service"
)

// Import formats of spec/CLI.md. This build reads Junction packages only; the
// other names are accepted so that scripts written against the contract get a
// clear "not supported yet" rather than an unknown-flag-value error.
const (
	formatAuto    = "auto"
	formatPackage = "package"
	formatOpenAPI = "openapi"
	formatPostman = "postman"
	formatCurl    = "curl"
	formatHAR     = "har"
)

var importFormats = []string{formatAuto, formatPackage, formatOpenAPI, formatPostman, formatCurl, formatHAR}

func (a *app) importCmd() *cobra.Command {
	var (
		format, connector, onConflict, passphraseEnv string
		dryRun, keepSecrets                          bool
	)
	cmd := &cobra.Command{
		Use:   "import FILE...",
		Short: "Import connectors from files (FILE - reads standard input)",
		Long: "Import connectors from files. Each file is imported on its own, all or nothing: a file\n" +
			"that fails changes nothing, and the files before it stay imported. --dry-run reports\n" +
			"what each file would create, update and skip, and writes nothing.\n\n" +
			"An overwrite that changes a connection's protocol, host, port, auth scheme or token URL\n" +
			"origin drops its stored secrets (listed in needsSecrets) unless --keep-secrets is given.",
		Args: minArgs(1),
		RunE: a.run(func(args []string) error {
			return a.importFiles(args, format, service.ImportOptions{
				OnConflict: onConflict, DryRun: dryRun, Connector: connector, KeepSecrets: keepSecrets,
			}, passphraseEnv)
		}),
	}
	f := cmd.Flags()
	f.StringVar(&format, "format", formatAuto, "auto|package|openapi|postman|curl|har; auto decides by content")
	f.StringVar(&connector, "connector", "", "import the package's one connector under this key")
	f.StringVar(&onConflict, "on-conflict", service.OnConflictFail, "when a connector key exists: fail|skip|overwrite|copy")
	f.StringVar(&passphraseEnv, "passphrase-env", "", "read the passphrase of encrypted secrets from this environment variable")
	f.BoolVar(&keepSecrets, "keep-secrets", false, "keep stored secrets even when an overwrite changes where a connection sends them")
	f.BoolVar(&dryRun, "dry-run", false, "report what would be imported and write nothing")
	return cmd
}

// inputFile is a file to import: a named file is opened again when its turn
// comes and streamed (it may be far larger than memory should hold);
// standard input, which cannot be read twice, is held as read.
type inputFile struct {
	name string
	data []byte // standard input
}

// open gives the package to read, and what to close after.
func (f inputFile) open() (io.ReadSeeker, func(), error) {
	if f.name == "-" {
		return bytes.NewReader(f.data), func() {}, nil
	}
	fh, err := os.Open(f.name)
	if err != nil {
		return nil, nil, fileUnreadable(err)
	}
	return fh, func() { _ = fh.Close() }, nil
}

func fileUnreadable(err error) error {
	return domain.Errorf(domain.EBadInput, "cannot read the file: %v", unwrapPathError(err)).With(domain.RFileUnreadable, "detail", unwrapPathError(err).Error())
}

// packageHeadBytes is how much of a file recognising an exported package by
// its head reads (see service.LooksLikePackage).
const packageHeadBytes = 4 << 10

func (a *app) importFiles(names []string, format string, opts service.ImportOptions, passphraseEnv string) error {
	if !slices.Contains(importFormats, format) {
		return usagef("--format %q is not one of %s", format, strings.Join(importFormats, ", "))
	}
	if format != formatAuto && format != formatPackage {
		return usagef("format %s is not supported yet; this build imports Junction packages (--format package)", format)
	}
	switch opts.OnConflict {
	case service.OnConflictFail, service.OnConflictSkip, service.OnConflictOverwrite, service.OnConflictCopy:
	default:
		return usagef("--on-conflict %q is not fail, skip, overwrite or copy", opts.OnConflict)
	}
	if passphraseEnv != "" {
		opts.Passphrase = os.Getenv(passphraseEnv)
		if opts.Passphrase == "" {
			return domain.Invalid("passphrase-env", "the environment variable %s is empty or not set", passphraseEnv).With(domain.REnvEmpty, "name", passphraseEnv)
		}
	}

	// Read and recognise every file before importing any, so that a missing
	// file or a foreign format changes nothing. An exported package is
	// recognised by its head; anything else is read whole to say what it is.
	files := make([]inputFile, 0, len(names))
	stdinUsed := false
	for _, name := range names {
		f := inputFile{name: name}
		if name == "-" {
			if stdinUsed {
				return usagef("standard input (-) can be read only once")
			}
			stdinUsed = true
			data, err := io.ReadAll(a.stdin)
			if err != nil {
				return &fileError{file: name, err: fileUnreadable(err)}
			}
			f.data = data
		}
		if format == formatAuto {
			if err := recognise(f); err != nil {
				return &fileError{file: name, err: err}
			}
		} else if _, closeFile, err := f.open(); err != nil {
			return &fileError{file: name, err: err}
		} else {
			closeFile()
		}
		files = append(files, f)
	}

	svc, actor, err := a.session()
	if err != nil {
		return err
	}
	defer bulkGC()()
	total := service.ImportReport{Created: []string{}, Updated: []string{}, Skipped: []string{}, Warnings: []string{}, WarningList: []domain.Note{}, NeedsSecrets: []string{}}
	var done []string
	for _, f := range files {
		src, closeFile, err := f.open()
		if err != nil {
			return &fileError{file: f.name, err: err, done: done}
		}
		rep, err := svc.ImportFrom(a.ctx, actor, src, opts)
		closeFile()
		if err != nil {
			fe := &fileError{file: f.name, err: err}
			if !opts.DryRun {
				fe.done = done
			}
			return fe
		}
		done = append(done, f.name)
		total.Created = append(total.Created, rep.Created...)
		total.Updated = append(total.Updated, rep.Updated...)
		total.Skipped = append(total.Skipped, rep.Skipped...)
		total.NeedsSecrets = append(total.NeedsSecrets, rep.NeedsSecrets...)
		// WarningList holds the report's Warnings with their reasons, one for one.
		for _, w := range rep.WarningList {
			if len(files) > 1 {
				w.Text = f.name + ": " + w.Text
			}
			total.Warnings, total.WarningList = append(total.Warnings, w.Text), append(total.WarningList, w)
		}
	}
	if a.json {
		return writeJSON(a.stdout, struct {
			service.ImportReport
			DryRun bool `json:"dryRun"`
		}{total, opts.DryRun})
	}
	t := newTable(a.stdout)
	for _, k := range total.Created {
		t.row("created", k)
	}
	for _, k := range total.Updated {
		t.row("updated", k)
	}
	for _, k := range total.Skipped {
		t.row("skipped", k)
	}
	for _, w := range total.Warnings {
		t.row("warning", w)
	}
	if err := t.flush(); err != nil {
		return err
	}
	counts := fmt.Sprintf("%d created, %d updated, %d skipped, %s", len(total.Created), len(total.Updated),
		len(total.Skipped), plural(len(total.Warnings), "warning", "warnings"))
	if opts.DryRun {
		_, err = fmt.Fprintf(a.stdout, "dry run of %s, nothing written: %s\n", plural(len(files), "file", "files"), counts)
	} else {
		_, err = fmt.Fprintf(a.stdout, "imported %s: %s\n", plural(len(files), "file", "files"), counts)
	}
	return err
}

// unwrapPathError drops the *PathError's repetition of the file name, which
// the message already carries.
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// recognise is --format auto for one file: its head, or else all of it.
func recognise(f inputFile) error {
	src, closeFile, err := f.open()
	if err != nil {
		return err
	}
	defer closeFile()
	head := make([]byte, packageHeadBytes)
	n, err := io.ReadFull(src, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return fileUnreadable(err)
	}
	if service.LooksLikePackage(head[:n]) {
		return nil
	}
	if _, err := src.Seek(0, io.SeekStart); err != nil {
		return fileUnreadable(err)
	}
	data, err := io.ReadAll(src)
	if err != nil {
		return fileUnreadable(err)
	}
	return checkPackage(data)
}

// checkPackage is --format auto: it recognises a Junction package by content,
// and for anything else says what it saw.
func checkPackage(data []byte) error {
	format, seen := service.DetectFormat(data)
	switch format {
	case formatPackage:
		return nil
	case "":
		return domain.Errorf(domain.EBadInput, "cannot tell the format: the file holds %s; this build imports Junction packages (a JSON object with \"format\": \"junction-package\")", seen).With(domain.RFormatUnknown, "seen", seen)
	}
	return domain.Errorf(domain.EBadInput, "this looks like %s; importing %s is not supported yet (this build imports Junction packages)", seen, format).With(domain.RFormatUnsupported, "seen", seen, "format", format)
}

func (a *app) exportCmd() *cobra.Command {
	var (
		output, format, passphraseEnv string
		withSecrets                   bool
	)
	cmd := &cobra.Command{
		Use:   "export KEY... -o FILE",
		Short: "Export connectors as one package (-o - writes standard output)",
		Args:  minArgs(1),
		RunE: a.run(func(args []string) error {
			return a.export(args, output, format, withSecrets, passphraseEnv)
		}),
	}
	f := cmd.Flags()
	f.StringVarP(&output, "output", "o", "", "the file to write; - for standard output")
	f.StringVar(&format, "format", formatPackage, "package|openapi")
	f.BoolVar(&withSecrets, "with-secrets", false, "include secrets, encrypted with the passphrase of --passphrase-env")
	f.StringVar(&passphraseEnv, "passphrase-env", "", "read the passphrase for --with-secrets from this environment variable")
	_ = cmd.MarkFlagRequired("output")
	return cmd
}

func (a *app) export(keys []string, output, format string, withSecrets bool, passphraseEnv string) error {
	switch format {
	case formatPackage:
	case formatOpenAPI:
		return usagef("format openapi is not supported yet; this build exports Junction packages (--format package)")
	default:
		return usagef("--format %q is not package or openapi", format)
	}
	if passphraseEnv != "" && !withSecrets {
		return usagef("--passphrase-env goes with --with-secrets")
	}
	if withSecrets {
		return usagef("--with-secrets is not supported yet; export without secrets and set them on the other machine with junction secret set")
	}
	if output == "" {
		return usagef("-o needs a file name, or - for standard output")
	}
	svc, actor, err := a.session()
	if err != nil {
		return err
	}
	defer bulkGC()()
	n := len(slices.Compact(slices.Sorted(slices.Values(keys))))
	opts := service.ExportOptions{Warn: a.warn}
	if output == "-" {
		// Held whole: standard output cannot take back half a package.
		data, err := svc.Export(a.ctx, actor, keys, opts)
		if err != nil {
			return err
		}
		if _, err := a.stdout.Write(data); err != nil {
			return err
		}
		fmt.Fprintf(a.stderr, "exported %s to standard output\n", plural(n, "connector", "connectors"))
		return nil
	}
	if err := exportToFile(svc, a, actor, keys, opts, output); err != nil {
		return err
	}
	fmt.Fprintf(a.stderr, "exported %s to %s\n", plural(n, "connector", "connectors"), output)
	if a.json {
		return writeJSON(a.stdout, map[string]any{"file": output, "connectors": n})
	}
	return nil
}

// bulkGC lets the garbage collector run a fifth as often while an import
// or export runs, under a memory limit that holds the process near the
// issue's bound (150 MB): their garbage is a connector's worth at a time,
// and collecting it at the default pace took a fifth of their CPU. A
// GOGC or GOMEMLIMIT the user set wins. The returned func restores both.
func bulkGC() (restore func()) { return tuneGC(400, bulkMemoryLimit) }

// tuneGC sets the collector's percent and memory limit for a batch run
// unless the user set GOGC or GOMEMLIMIT, and returns what restores them.
func tuneGC(percent int, limit int64) (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	oldPercent := debug.SetGCPercent(percent)
	oldLimit := debug.SetMemoryLimit(limit)
	return func() {
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(oldLimit)
	}
}

// bulkMemoryLimit is the Go heap bulkGC keeps an import or export under;
// SQLite's page cache and the runtime's own memory come on top.
const bulkMemoryLimit = 100 << 20

// exportToFile streams the package into path through fsx.Write, so that
// memory stays that of one connector and an interrupted or refused export
// never leaves half a package. The export's own errors come back as they
// are; only the file's are a fileError.
func exportToFile(svc *service.Service, a *app, actor string, keys []string, opts service.ExportOptions, path string) error {
	var exportErr error
	err := fsx.Write(path, 0o644, func(w io.Writer) error {
		exportErr = svc.ExportTo(a.ctx, actor, keys, opts, w, func() error { return fsx.Rewind(w) })
		return exportErr
	})
	switch {
	case exportErr != nil:
		return exportErr
	case err != nil:
		return &fileError{file: path, err: domain.Errorf(domain.EBadInput, "cannot write the file: %v", unwrapPathError(err)).With(domain.RFileUnwritable, "detail", unwrapPathError(err).Error())}
	}
	return nil
}
