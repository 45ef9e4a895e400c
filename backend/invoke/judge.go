package invoke

import (
	"cmp"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"junction/backend/domain"
)

// Conditions (spec/PACKAGE.md): {"all": [...]} or {"any": [...]}, nesting
// allowed, over rules {field, op, value}; field is status, headers.<name>
// (case-insensitive), response.<gjson path>, request.<param> or
// outputs.<name>.
//
// Comparison: when both sides are numbers, or text that reads as a decimal
// number ("200", "-1.5"), they compare as numbers, so status 200 equals
// "200" and "007" equals 7; otherwise both compare as text (true equals
// "true"; objects and lists as their JSON). A missing field (or JSON null)
// equals only a null value. gt/ge/lt/le hold only between numbers.
// contains: a substring of text, an element of a list (by eq), a key of an
// object. empty: missing, null, "", [] or {}. matches: the regular
// expression finds a match in the field's text. in: eq to one of the list.

type cond struct {
	group bool
	any   bool // an any group; else all
	items []*cond

	field string
	ref   *ref
	op    string
	val   operand
	list  []operand
	re    *regexp.Regexp
}

// operand is a condition's value prepared for comparison.
type operand struct {
	v     any
	text  string
	num   float64
	isNum bool
	i     int64
	isInt bool
}

func newOperand(v any) operand {
	v = normalize(v)
	o := operand{v: v, text: textOf(v)}
	o.num, o.isNum, o.i, o.isInt = numeric(v)
	return o
}

// numeric reads v as a number: int64, float64 or decimal text.
func numeric(v any) (f float64, ok bool, i int64, isInt bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true, x, true
	case int:
		return float64(x), true, int64(x), true
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<63 {
			return x, true, int64(x), true
		}
		return x, true, 0, false
	case string:
		t := strings.TrimSpace(x)
		if t == "" || !isDecimal(t) {
			return 0, false, 0, false
		}
		if n, err := strconv.ParseInt(t, 10, 64); err == nil {
			return float64(n), true, n, true
		}
		if f, err := strconv.ParseFloat(t, 64); err == nil {
			return f, true, 0, false
		}
	}
	return 0, false, 0, false
}

// compileCond compiles a condition that the domain's rules accepted
// (domain.ValidateCondition: shapes, fields, ops, values): what is left to
// fail is the compiling itself, a field path or a regular expression.
func compileCond(c *domain.Condition, field string) (*cond, error) {
	if c.IsGroup() {
		g := &cond{group: true, any: c.Any != nil}
		items, kind := c.All, "all"
		if g.any {
			items, kind = c.Any, "any"
		}
		for i := range items {
			sub, err := compileCond(&items[i], fmt.Sprintf("%s.%s[%d]", field, kind, i))
			if err != nil {
				return nil, err
			}
			g.items = append(g.items, sub)
		}
		return g, nil
	}
	r, err := compileRef(c.Field)
	if err != nil {
		return nil, domain.Invalid(field+".field", "%v", err)
	}
	k := &cond{field: c.Field, ref: r, op: c.Op, val: newOperand(c.Value)}
	switch c.Op {
	case "matches":
		s, _ := k.val.v.(string)
		if k.re, err = regexp.Compile(s); err != nil {
			return nil, domain.Invalid(field+".value", "is not a valid regular expression: %v", err)
		}
	case "in":
		list, _ := k.val.v.([]any)
		for _, e := range list {
			k.list = append(k.list, newOperand(e))
		}
	}
	return k, nil
}

// eval reports whether the condition holds.
func (c *cond) eval(ec *evalCtx) bool {
	if c.group {
		for _, it := range c.items {
			if it.eval(ec) == c.any {
				return c.any
			}
		}
		return !c.any
	}
	return c.test(ec.lookup(c.ref))
}

func (c *cond) test(v any) bool {
	switch c.op {
	case "eq":
		return equal(v, &c.val)
	case "ne":
		return !equal(v, &c.val)
	case "gt", "ge", "lt", "le":
		f, ok, i, isInt := numeric(v)
		if !ok {
			return false
		}
		var order int
		if isInt && c.val.isInt {
			order = cmp.Compare(i, c.val.i)
		} else {
			order = cmp.Compare(f, c.val.num)
		}
		switch c.op {
		case "gt":
			return order > 0
		case "ge":
			return order >= 0
		case "lt":
			return order < 0
		}
		return order <= 0
	case "contains":
		return contains(v, &c.val)
	case "notContains":
		return !contains(v, &c.val)
	case "empty":
		return isEmpty(v)
	case "notEmpty":
		return !isEmpty(v)
	case "matches":
		return v != nil && c.re.MatchString(textOf(v))
	case "in":
		for i := range c.list {
			if equal(v, &c.list[i]) {
				return true
			}
		}
	}
	return false
}

func equal(v any, o *operand) bool {
	if o.v == nil || v == nil {
		return o.v == nil && v == nil
	}
	if o.isNum {
		if f, ok, i, isInt := numeric(v); ok {
			if isInt && o.isInt {
				return i == o.i
			}
			return f == o.num
		}
	}
	if s, ok := v.(string); ok {
		return s == o.text
	}
	return textOf(v) == o.text
}

func contains(v any, o *operand) bool {
	switch x := v.(type) {
	case nil:
		return false
	case []any:
		for _, e := range x {
			if equal(normalize(e), o) {
				return true
			}
		}
		return false
	case map[string]any:
		_, ok := x[o.text]
		return ok
	}
	return strings.Contains(textOf(v), o.text)
}

func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}

// explain says why the condition does not hold, as a Note (its Text is the
// English the CLI prints as the cause): the first rule that failed in an all
// group, every alternative of an any group.
func (c *cond) explain(ec *evalCtx) domain.Note {
	if c.group {
		if !c.any {
			for _, it := range c.items {
				if !it.eval(ec) {
					return it.explain(ec)
				}
			}
			return domain.Note{}
		}
		parts := make([]string, 0, len(c.items))
		for _, it := range c.items {
			parts = append(parts, it.explain(ec).Text)
		}
		return domain.Notef(domain.RCondNoneHeld, "none of these held: %s", "parts", strings.Join(parts, "; "))
	}
	v := ec.lookup(c.ref)
	got := ""
	if v != nil {
		got = clip(describeValue(v), 120)
	}
	switch c.op {
	case "empty", "notEmpty":
		if v == nil {
			return domain.Notef(domain.RCondMissingOp, "%s is missing, expected %s", "field", c.field, "op", c.op)
		}
		return domain.Notef(domain.RCondIsOp, "%s is %s, expected %s", "field", c.field, "got", got, "op", c.op)
	case "in":
		want := clip(c.val.text, 120)
		if v == nil {
			return domain.Notef(domain.RCondMissingIn, "%s is missing, expected one of %s", "field", c.field, "want", want)
		}
		return domain.Notef(domain.RCondIsIn, "%s is %s, expected one of %s", "field", c.field, "got", got, "want", want)
	}
	want := "null"
	if c.val.v != nil {
		want = clip(describeValue(c.val.v), 120)
	}
	if v == nil {
		return domain.Notef(domain.RCondMissing, "%s is missing, expected %s %s", "field", c.field, "op", c.op, "want", want)
	}
	return domain.Notef(domain.RCondIs, "%s is %s, expected %s %s", "field", c.field, "got", got, "op", c.op, "want", want)
}

func describeValue(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	return textOf(v)
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8Start(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// Verdicts lists every verdict, in the order of their constants.
var Verdicts = []string{VerdictOK, VerdictUnmet, VerdictTimeout, VerdictError}
