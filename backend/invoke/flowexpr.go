package invoke

import (
	"time"

	"fmt"
	"slices"
	"strings"

	"junction/backend/domain"
)

// Flow expressions: the templates and conditions of a flow (step inputs,
// forEach, runIf, flow outputs) are the invocation's `{{ path }}` templates
// and conditions over a smaller scope, {input, system, steps, item}, given as
// one map per run. The flow engine evaluates them; the domain's flow
// validation reads their Refs to check what they name.

// FlowRoots are the roots a flow expression may read.
var FlowRoots = []string{"input", "system", "steps", "item"}

func checkFlowRoot(r *ref) error {
	if !slices.Contains(FlowRoots, rootNames[r.root]) {
		return fmt.Errorf("{{%s}}: a flow reads only %s", r.path, strings.Join(FlowRoots, ", "))
	}
	return nil
}

// Expr is a compiled flow template. It is safe for concurrent use.
type Expr struct {
	t *template
}

// CompileExpr compiles a flow template; it fails on a malformed {{ }} or a
// root outside FlowRoots.
func CompileExpr(src string) (*Expr, error) {
	t, err := compileTemplate(src)
	if err != nil {
		return nil, err
	}
	for _, r := range t.refs {
		if err := checkFlowRoot(r); err != nil {
			return nil, err
		}
	}
	return &Expr{t: t}, nil
}

// Refs are the paths the template reads, as written ("steps.code.outputs.code").
func (e *Expr) Refs() []string {
	refs := make([]string, len(e.t.refs))
	for i, r := range e.t.refs {
		refs[i] = r.path
	}
	return refs
}

// Literal reports whether the template has no placeholder.
func (e *Expr) Literal() bool { return len(e.t.refs) == 0 }

// Eval is the template's value over scope (roots input, system, steps,
// item): a single placeholder keeps the JSON type of its value, anything
// else is interpolated as text.
func (e *Expr) Eval(scope map[string]any) any {
	c := flowCtx(scope)
	if e.t.single() {
		return flowLookup(c, scope, e.t.refs[0])
	}
	if len(e.t.refs) == 0 {
		return e.t.lits[0]
	}
	// template.text reads system through the invocation's sysFields; a
	// flow's system fields are a plain map of the run, hence this loop.
	var b strings.Builder
	for i, r := range e.t.refs {
		b.WriteString(e.t.lits[i])
		b.WriteString(textOf(flowLookup(c, scope, r)))
	}
	b.WriteString(e.t.lits[len(e.t.lits)-1])
	return b.String()
}

// flowCtx is an evaluation context over a flow scope.
func flowCtx(scope map[string]any) *evalCtx {
	in, _ := normalize(scope["input"]).(map[string]any)
	steps, _ := normalize(scope["steps"]).(map[string]any)
	return &evalCtx{inputs: in, steps: steps, item: scope["item"]}
}

func flowLookup(c *evalCtx, scope map[string]any, r *ref) any {
	if r.root == rootSystem {
		return c.walk(r, scope["system"])
	}
	return c.lookup(r)
}

// Cond is a compiled flow condition (runIf). It is safe for concurrent use.
type Cond struct {
	c *cond
}

// CompileCondition compiles a flow condition; field is the path reported
// in errors ("steps[1].runIf"). Besides a malformed group, op or value,
// it fails on a field outside FlowRoots.
func CompileCondition(c domain.Condition, field string) (*Cond, error) {
	if err := checkFlowCondShape(&c, field); err != nil {
		return nil, err
	}
	k, err := compileCond(&c, field)
	if err != nil {
		return nil, err
	}
	var rootErr error
	k.walkRules(func(path string, rule *cond) {
		if err := checkFlowRoot(rule.ref); err != nil && rootErr == nil {
			rootErr = domain.Invalid(path+".field", "%v", err).With(domain.RCondFieldInvalid, "field", rule.field)
		}
	}, field)
	if rootErr != nil {
		return nil, rootErr
	}
	return &Cond{c: k}, nil
}

// checkFlowCondShape checks what domain.ValidateCondition checks besides
// the field (which names interface-call roots there).
func checkFlowCondShape(c *domain.Condition, field string) error {
	if c.IsGroup() {
		if c.All != nil && c.Any != nil {
			return domain.Invalid(field, "a group has either all or any, not both").With(domain.RGroupBoth)
		}
		kind, items := "all", c.All
		if c.Any != nil {
			kind, items = "any", c.Any
		}
		if len(items) == 0 {
			return domain.Invalid(field+"."+kind, "is an empty group").With(domain.RGroupEmpty)
		}
		for i := range items {
			if err := checkFlowCondShape(&items[i], fmt.Sprintf("%s.%s[%d]", field, kind, i)); err != nil {
				return err
			}
		}
		return nil
	}
	if c.Field == "" {
		return domain.Invalid(field+".field", "is required").With(domain.RFieldRequired)
	}
	if !slices.Contains(domain.CondOps, c.Op) {
		ops := strings.Join(domain.CondOps, ", ")
		return domain.Invalid(field+".op", "%q is not one of %s", c.Op, ops).With(domain.RFieldNotOneOf, "value", c.Op, "allowed", ops)
	}
	switch c.Op {
	case "in":
		if _, ok := c.Value.([]any); !ok {
			return domain.Invalid(field+".value", "op in needs a list of values").With(domain.RCondInList)
		}
	case "matches":
		if _, ok := c.Value.(string); !ok {
			return domain.Invalid(field+".value", "op matches needs a regular expression").With(domain.RCondMatchesRegex)
		}
	}
	return nil
}

// walkRules calls fn with each rule of the condition and its field path.
func (c *cond) walkRules(fn func(path string, rule *cond), path string) {
	if !c.group {
		fn(path, c)
		return
	}
	kind := "all"
	if c.any {
		kind = "any"
	}
	for i, it := range c.items {
		it.walkRules(fn, fmt.Sprintf("%s.%s[%d]", path, kind, i))
	}
}

// Refs are the fields the condition reads, in order ("steps.code.status").
func (k *Cond) Refs() []string {
	var refs []string
	k.c.walkRules(func(_ string, rule *cond) { refs = append(refs, rule.field) }, "")
	return refs
}

// Holds reports whether the condition holds over scope (roots input,
// system, steps, item).
func (k *Cond) Holds(scope map[string]any) bool {
	return k.c.holds(flowCtx(scope), scope)
}

func (c *cond) holds(ec *evalCtx, scope map[string]any) bool {
	if c.group {
		for _, it := range c.items {
			if it.holds(ec, scope) == c.any {
				return c.any
			}
		}
		return !c.any
	}
	return c.test(flowLookup(ec, scope, c.ref))
}

// FlowChecks are this package's compilers for domain.ValidateFlow.
var FlowChecks = domain.FlowExprs{
	Template: func(src string) ([]string, error) {
		e, err := CompileExpr(src)
		if err != nil {
			return nil, err
		}
		return e.Refs(), nil
	},
	Condition: func(c domain.Condition, field string) ([]string, error) {
		k, err := CompileCondition(c, field)
		if err != nil {
			return nil, err
		}
		return k.Refs(), nil
	},
}

// SystemScope is the system.* root of a flow run's scope: the fields an
// invocation's templates read, fixed once for the run (now, timestamp,
// date, uuid), so that every step reads the same.
func SystemScope(sys System, now time.Time) map[string]any {
	return (&sysFields{sys: sys, now: now}).all()
}
