package invoke

import (
	"fmt"
	"strconv"
	"strings"

	"junction/backend/domain"
)

// plan is an interface definition compiled for invocation: templates,
// conditions (with their regular expressions), gjson paths and the param
// tree. It is immutable once built and shared by concurrent invocations.
type plan struct {
	id       string
	revision int
	method   string
	// path is the interface path split at its {placeholders}: literal parts
	// and, for each placeholder, the index of its param in params.
	path     []pathPart
	params   []*paramNode // top-level request params, in definition order
	bodyType string
	response []*respNode
	success  *cond
	// Messages; nil when the interface leaves them to the defaults.
	msgUnmet, msgTimeout, msgError *template
	// notes are remarks about the definition, repeated on every result.
	notes []domain.Note
}

type pathPart struct {
	lit   string
	ascii bool
	param int // index into plan.params; -1 for a literal
}

// plan returns the compiled plan of the call's interface, from the cache
// when its ID and Revision were compiled before. An interface without an ID
// (an unsaved draft in the test console) is compiled on every call.
func (e *Engine) plan(it *domain.Interface) (*plan, error) {
	if it.ID != "" {
		if v, ok := e.plans.Load(it.ID); ok {
			if p := v.(*plan); p.revision == it.Revision {
				return p, nil
			}
		}
	}
	p, err := compilePlan(it)
	if err != nil {
		return nil, err
	}
	e.compiles.Add(1)
	if it.ID != "" {
		e.plans.Store(it.ID, p)
	}
	return p, nil
}

// compilePlan compiles an interface for a call. Its errors are validation
// errors naming the definition's field ("interface.success.op"). Of the
// domain's rules it applies those a call depends on (domain.ValidateRunnable):
// the rest ran when the definition was saved or imported (CheckInterface),
// and a definition stored under older rules keeps running as it did.
func compilePlan(it *domain.Interface) (*plan, error) {
	norm := *it
	domain.NormalizeInterface(&norm)
	if err := domain.ValidateRunnable(&norm); err != nil {
		return nil, domain.Prefix("interface", err)
	}
	p, err := compile(&norm)
	if err != nil {
		return nil, domain.Prefix("interface", err)
	}
	return p, nil
}

// compile compiles a normalised interface. What it checks is what only
// compiling finds: templates, static values and defaults of the param's
// type, regular expressions, and that a text body is one param; the rules
// of a definition's shape are the domain's (see CheckInterface).
func compile(it *domain.Interface) (*plan, error) {
	p := &plan{id: it.ID, revision: it.Revision, method: it.Method, bodyType: it.BodyType}
	bodyParams := 0
	for i := range it.Request {
		rp := &it.Request[i]
		n, err := compileParam(rp, rp.In, fmt.Sprintf("request[%d]", i))
		if err != nil {
			return nil, err
		}
		if n.in == domain.InBody {
			bodyParams++
		}
		p.params = append(p.params, n)
	}
	switch {
	case p.bodyType == "text" && bodyParams > 1:
		return nil, domain.Invalid("request", "a text body is one body param's value; this interface has %d body params", bodyParams)
	case p.bodyType == "none" && bodyParams > 0:
		p.notes = append(p.notes, domain.Notef(domain.RNoteBodyTypeNone, "the interface has %s body param(s) but its body type is none: no body was sent", "count", strconv.Itoa(bodyParams)))
	}
	p.compilePath(it.Path)
	p.response = compileResponse(it.Response)
	var err error
	if p.success, err = compileCond(&it.Success, "success"); err != nil {
		return nil, err
	}
	for _, m := range []struct {
		src   string
		field string
		dst   **template
	}{{it.Messages.Unmet, "messages.unmet", &p.msgUnmet}, {it.Messages.Timeout, "messages.timeout", &p.msgTimeout}, {it.Messages.Error, "messages.error", &p.msgError}} {
		if strings.TrimSpace(m.src) == "" {
			continue
		}
		t, err := compileTemplate(m.src)
		if err != nil {
			return nil, domain.Invalid(m.field, "%v", err)
		}
		*m.dst = t
	}
	return p, nil
}

// compilePath splits a path the domain's rules accepted (balanced braces,
// each {name} a path param) into literals and placeholders.
func (p *plan) compilePath(path string) {
	rest := path
	for rest != "" {
		i := strings.IndexByte(rest, '{')
		j := strings.IndexByte(rest[max(i, 0):], '}')
		if i < 0 || j < 0 {
			p.path = append(p.path, pathPart{lit: rest, ascii: isASCII(rest), param: -1})
			return
		}
		if i > 0 {
			p.path = append(p.path, pathPart{lit: rest[:i], ascii: isASCII(rest[:i]), param: -1})
		}
		name := rest[i+1 : i+j]
		for k, n := range p.params {
			if n.in == domain.InPath && n.name == name {
				p.path = append(p.path, pathPart{param: k})
				break
			}
		}
		rest = rest[i+j+1:]
	}
}
