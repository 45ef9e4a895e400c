package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"junction/backend/domain"
	"junction/backend/invoke"
	"junction/backend/jsontree"
	"junction/backend/service"
)

// bodyExcerpt is how much of a response body the text output shows.
const bodyExcerpt = 2 << 10

type invokeFlags struct {
	connection  string
	account     string
	inputs      []string
	inputJSON   string
	repeat      int
	concurrency int
}

func (a *app) invokeCmd() *cobra.Command {
	var f invokeFlags
	cmd := &cobra.Command{
		Use:   "invoke CONNECTOR/INTERFACE",
		Short: "Call an interface and judge its answer",
		Long: "Call an interface with its connection and auth account and judge the answer with its success\n" +
			"condition. Exit 0 when the condition held, 1 when it did not, 4 on a timeout or transport\n" +
			"failure. --input NAME=VALUE sets an input (a dotted path sets a nested field; VALUE is read as\n" +
			"JSON when it is valid JSON, else as text); --input-json merges a JSON object from a file or\n" +
			"standard input (-) first. --repeat N runs N calls (--concurrency C at a time) and prints a summary.",
		Args: exactArgs(1),
	}
	cmd.RunE = func(c *cobra.Command, args []string) error {
		return ran(a.invoke(c, args[0], f))
	}
	fl := cmd.Flags()
	fl.StringVar(&f.connection, "connection", "", "call through this connection of the connector (default: the interface's own)")
	fl.StringVar(&f.account, "account", "", "use this auth account of the connection (default: its default account)")
	fl.StringArrayVar(&f.inputs, "input", nil, "set the input NAME to VALUE (NAME=VALUE; repeatable)")
	fl.StringVar(&f.inputJSON, "input-json", "", "read inputs from a JSON object in FILE, or standard input with -")
	fl.IntVar(&f.repeat, "repeat", 0, "call N times and print a summary instead of one result")
	fl.IntVar(&f.concurrency, "concurrency", 1, "with --repeat: how many calls run at a time")
	return cmd
}

func (a *app) invoke(cmd *cobra.Command, target string, f invokeFlags) error {
	connector, iface, ok := strings.Cut(target, "/")
	if !ok || connector == "" || iface == "" || strings.Contains(iface, "/") {
		return usagef("name the interface as CONNECTOR/INTERFACE, not %q", target)
	}
	repeated := cmd.Flags().Changed("repeat")
	if cmd.Flags().Changed("concurrency") && !repeated {
		return usagef("--concurrency applies only with --repeat")
	}
	if repeated {
		// The service's bounds, checked before the store is opened; the
		// field it names is the flag.
		if err := service.CheckRepeat(f.repeat, f.concurrency); err != nil {
			return &domain.Error{Code: domain.EValidation, Field: "--" + domain.ErrorField(err), Message: domain.ErrorMessage(err), Reason: domain.ErrorReason(err), Params: domain.ErrorParams(err)}
		}
	}
	inputs, err := a.invokeInputs(f.inputJSON, f.inputs)
	if err != nil {
		return err
	}
	svc, actor, err := a.session()
	if err != nil {
		return err
	}
	in := service.InvokeInput{Connection: f.connection, Account: f.account, Inputs: inputs, Kind: domain.InvocationInvoke}
	if repeated {
		repeatGC()
		sum, err := svc.InvokeRepeat(a.ctx, actor, connector, iface, in, f.repeat, f.concurrency)
		if err != nil {
			return err
		}
		a.exit = summaryExit(sum)
		return output(a, sum, printSummary)
	}
	res, err := svc.Invoke(a.ctx, actor, connector, iface, in)
	if err != nil {
		return err
	}
	a.exit = verdictExit(res.Verdict)
	return output(a, res, printResult)
}

// repeatGC raises a repeated run's GOGC to 150.
// Such a run keeps about 1 MB live and allocates ~10 KB a call, so with the
// runtime's 4 MB heap floor it collected every ~200 calls (14 times in 3,000
// at concurrency 8); at 150 the floor is 6 MB and it collects 6 times. The
// price is ~2 MB more peak memory. A GOGC or GOMEMLIMIT the user set wins
// (tuneGC).
func repeatGC() {
	// Not restored: the run is the process's last work.
	tuneGC(150, math.MaxInt64)
}

// output writes v as JSON with --json, else as text.
func output[T any](a *app, v T, text func(io.Writer, T) error) error {
	if a.json {
		return writeJSON(a.stdout, v)
	}
	return text(a.stdout, v)
}

// summaryExit is 0 when every run met the condition, 4 when every run
// failed in transport, else 1.
func summaryExit(sum *service.RepeatSummary) int {
	switch {
	case sum.OK == sum.Runs:
		return ExitOK
	case sum.Timeout+sum.Error == sum.Runs:
		return ExitTransport
	}
	return ExitUnmet
}

// verdictExit is 0 when the condition held, 1 when it did not, else 4.
func verdictExit(v string) int {
	switch v {
	case invoke.VerdictOK:
		return ExitOK
	case invoke.VerdictUnmet:
		return ExitUnmet
	}
	return ExitTransport
}

// invokeInputs merges the JSON object of --input-json (a file, or standard
// input with -) and then the --input flags, in order.
func (a *app) invokeInputs(jsonFile string, pairs []string) (map[string]any, error) {
	inputs := map[string]any{}
	if jsonFile != "" {
		var data []byte
		var err error
		if jsonFile == "-" {
			data, err = io.ReadAll(a.stdin)
		} else {
			data, err = os.ReadFile(jsonFile)
		}
		if err != nil {
			return nil, &fileError{file: jsonFile, err: domain.Errorf(domain.EBadInput, "cannot read the file: %v", unwrapPathError(err)).With(domain.RFileUnreadable, "detail", unwrapPathError(err).Error())}
		}
		v, err := decodeJSON(data)
		if err != nil {
			return nil, &fileError{file: jsonFile, err: domain.Errorf(domain.EBadInput, "the inputs are not valid JSON: %v", err).With(domain.RInputsNotJSON, "detail", err.Error())}
		}
		m, ok := v.(map[string]any)
		if !ok {
			return nil, &fileError{file: jsonFile, err: domain.Errorf(domain.EBadInput, "the inputs must be a JSON object, like {\"id\": 7}").With(domain.RInputsNotObject)}
		}
		inputs = m
	}
	for _, p := range pairs {
		name, value, ok := strings.Cut(p, "=")
		if !ok || name == "" {
			return nil, usagef("--input %q: write NAME=VALUE", p)
		}
		path := strings.Split(name, ".")
		if slices.Contains(path, "") {
			return nil, usagef("--input %q: %q is not a name or a dotted path such as user.name", p, name)
		}
		jsontree.Set(inputs, path, inputValue(value)) // a later --input overrides
	}
	return inputs, nil
}

// inputValue reads a --input VALUE: JSON when it is valid JSON, else text.
func inputValue(s string) any {
	if !json.Valid([]byte(s)) {
		return s
	}
	v, err := decodeJSON([]byte(s))
	if err != nil {
		return s
	}
	return v
}

// decodeJSON decodes one JSON document, keeping integers exact (int64)
// rather than turning them into float64.
func decodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("more than one JSON document")
	}
	return numbers(v), nil
}

// numbers replaces json.Number values with int64 (integers that fit) or float64.
func numbers(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	case map[string]any:
		for k, e := range x {
			x[k] = numbers(e)
		}
	case []any:
		for i, e := range x {
			x[i] = numbers(e)
		}
	}
	return v
}

func printResult(w io.Writer, res *service.InvokeResult) error {
	t := newTable(w)
	t.row("verdict:", res.Verdict)
	t.row("message:", res.Message)
	if res.Cause != "" {
		t.row("cause:", res.Cause)
	}
	status := "-"
	if res.Status != 0 {
		status = fmt.Sprint(res.Status)
	}
	t.row("status:", status)
	t.row("request:", res.Request.Method+" "+res.Request.URL)
	tm := res.Timing
	t.row("timing:", fmt.Sprintf("total %s, connect %s, TLS %s, first byte %s", msText(tm.TotalMs), msText(tm.ConnectMs), msText(tm.TLSMs), msText(tm.FirstByteMs)))
	for _, n := range res.Notes {
		t.row("note:", n)
	}
	t.row("outputs:", plural(len(res.Outputs), "value", "values"))
	for _, k := range slices.Sorted(maps.Keys(res.Outputs)) {
		b, err := json.Marshal(res.Outputs[k])
		if err != nil {
			b = []byte(fmt.Sprint(res.Outputs[k]))
		}
		t.row("  "+k, string(b))
	}
	if err := t.flush(); err != nil {
		return err
	}
	body := res.Response.Body
	if strings.TrimSpace(body) == "" {
		return nil
	}
	excerpt, cut := body, false
	if len(excerpt) > bodyExcerpt {
		excerpt, cut = excerpt[:domain.CutUTF8(excerpt, bodyExcerpt)], true
	}
	// The size is of the bytes as received, not of the decoded text.
	fmt.Fprintf(w, "\nresponse body (%s, %s):\n%s\n", plural(int(res.Response.Size), "byte", "bytes"), res.Response.Charset, strings.TrimRight(excerpt, "\r\n"))
	if cut {
		fmt.Fprintf(w, "... (%s more; --json prints the whole body)\n", plural(len(body)-len(excerpt), "byte", "bytes"))
	} else if res.Response.Truncated {
		fmt.Fprintln(w, "... (the answer was cut at the body cap)")
	}
	return nil
}

func msText(ms float64) string { return fmt.Sprintf("%.1f ms", ms) }

func printSummary(w io.Writer, s *service.RepeatSummary) error {
	t := newTable(w)
	t.row("runs:", fmt.Sprint(s.Runs))
	t.row("ok:", fmt.Sprint(s.OK))
	t.row("unmet:", fmt.Sprint(s.Unmet))
	t.row("timeout:", fmt.Sprint(s.Timeout))
	t.row("error:", fmt.Sprint(s.Error))
	t.row("p50Ms:", fmt.Sprintf("%.2f", s.P50Ms))
	t.row("p95Ms:", fmt.Sprintf("%.2f", s.P95Ms))
	t.row("p99Ms:", fmt.Sprintf("%.2f", s.P99Ms))
	t.row("perSecond:", fmt.Sprintf("%.2f", s.PerSecond))
	return t.flush()
}
