package invoke

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke/invoketest"
)

// An interface is checked once, by the domain's rules and then the
// compiler's own: CheckInterface answers exactly what domain.ValidateInterface
// answers for a rule of the definition's shape, and adds only what compiling
// finds.
func TestCheckInterface_DomainRulesThenCompile(t *testing.T) {
	t.Parallel()
	shape := []struct {
		name string
		edit func(*domain.Interface)
	}{
		{"unknown op", func(it *domain.Interface) { it.Success = rule("status", "like", 1.0) }},
		{"bad condition field", func(it *domain.Interface) { it.Success = rule("body.code", "eq", 1.0) }},
		{"no success", func(it *domain.Interface) { it.Success = domain.Condition{} }},
		{"unknown param location", func(it *domain.Interface) { it.Request = []domain.Param{in("v", "cookie", "string")} }},
		{"unknown system field", func(it *domain.Interface) { it.Request = []domain.Param{system("v", "query", "nobody")} }},
		{"placeholder without param", func(it *domain.Interface) { it.Path = "/x/{id}" }},
		{"unclosed placeholder", func(it *domain.Interface) { it.Path = "/x/{id" }},
		{"response param without path", func(it *domain.Interface) {
			it.Response = []domain.ResponseParam{{Name: "n", Type: "string"}}
		}},
		{"headers differing in case", func(it *domain.Interface) {
			it.Request = []domain.Param{in("X-A", "header", "string"), in("x-a", "header", "string")}
		}},
	}
	for _, tc := range shape {
		t.Run(tc.name, func(t *testing.T) {
			it := newIface("GET", "/x", "none")
			tc.edit(it)
			domain.NormalizeInterface(it)
			want := domain.ValidateInterface(it)
			require.Error(t, want)
			got := CheckInterface(it)
			assert.Equal(t, want, got)
			assert.NotEmpty(t, domain.ErrorReason(got), "the domain's rule, with its reason")
		})
	}

	compileOnly := []struct {
		name  string
		edit  func(*domain.Interface)
		field string
	}{
		{"template root", func(it *domain.Interface) { it.Request = []domain.Param{tmpl("v", "query", "string", "{{inputs.x}}")} }, "request[0].source.value"},
		{"static not an integer", func(it *domain.Interface) { it.Request = []domain.Param{static("v", "query", "integer", "x1")} }, "request[0].source.value"},
		{"message template", func(it *domain.Interface) { it.Messages.Error = "{{cause" }, "messages.error"},
		{"two text body params", func(it *domain.Interface) {
			it.BodyType = "text"
			it.Request = []domain.Param{in("a", "body", "string"), in("b", "body", "string")}
		}, "request"},
	}
	for _, tc := range compileOnly {
		t.Run(tc.name, func(t *testing.T) {
			it := newIface("GET", "/x", "none")
			tc.edit(it)
			domain.NormalizeInterface(it)
			require.NoError(t, domain.ValidateInterface(it), "the domain accepts it")
			err := CheckInterface(it)
			assert.Equal(t, domain.EValidation, domain.ErrorCode(err))
			assert.Equal(t, tc.field, domain.ErrorField(err))
		})
	}
}

// A call applies only the domain's rules a call depends on
// (domain.ValidateRunnable): a stored definition that a later save rule
// refuses (a space in the path) still runs.
func TestEngine_RunsStoredDefinitionsUnderOlderRules(t *testing.T) {
	t.Parallel()
	srv := invoketest.HTTPServer(t, okJSON)
	e := newEngine(t, Options{})
	it := newIface("GET", "/a b", "none")
	require.Error(t, CheckInterface(it), "saving it now is refused")
	res := run(t, e, &Call{Interface: it, Target: Target{Connection: connTo(srv)}})
	assert.Equal(t, VerdictOK, res.Verdict, res.Message)
	assert.Equal(t, "/a%20b", srv.Last().Path)

	it = newIface("GET", "/x", "none")
	it.Success = rule("status", "like", 1.0)
	_, err := e.Invoke(t.Context(), &Call{Interface: it, Target: Target{Connection: connTo(srv)}})
	assert.Equal(t, "interface.success.op", domain.ErrorField(err))
	assert.NotEmpty(t, domain.ErrorReason(err), "the domain's rule, with its reason")
}
