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

// compilePlan compiles an interface. Its errors are validation errors naming
// the definition's field ("interface.request[0].source.value").
func compilePlan(it *domain.Interface) (*plan, error) {
	p, err := compile(it)
	if err != nil {
		return nil, domain.Prefix("interface", err)
	}
	return p, nil
}

func compile(it *domain.Interface) (*plan, error) {
	p := &plan{
		id:       it.ID,
		revision: it.Revision,
		method:   strings.ToUpper(strings.TrimSpace(it.Method)),
		bodyType: it.BodyType,
	}
	if p.method == "" {
		p.method = "GET"
	}
	if err := domain.ValidateMethod("method", p.method); err != nil {
		return nil, err
	}
	if p.bodyType == "" {
		p.bodyType = "none"
	}
	switch p.bodyType {
	case "none", "json", "form", "multipart", "text", "xml":
	default:
		return nil, domain.Invalid("bodyType", "%q is not one of %s", it.BodyType, strings.Join(domain.BodyTypes, ", "))
	}
	bodyParams := 0
	for i := range it.Request {
		rp := &it.Request[i]
		n, err := compileParam(rp, rp.In, fmt.Sprintf("request[%d]", i))
		if err != nil {
			return nil, err
		}
		switch n.in {
		case domain.InPath, domain.InQuery, domain.InHeader:
		case domain.InBody:
			bodyParams++
		default:
			return nil, domain.Invalid(fmt.Sprintf("request[%d].in", i), "%q is not one of %s", rp.In, strings.Join(domain.ParamIns, ", "))
		}
		p.params = append(p.params, n)
	}
	switch {
	case p.bodyType == "text" && bodyParams > 1:
		return nil, domain.Invalid("request", "a text body is one body param's value; this interface has %d body params", bodyParams)
	case p.bodyType == "none" && bodyParams > 0:
		p.notes = append(p.notes, domain.Notef(domain.RNoteBodyTypeNone, "the interface has %s body param(s) but its body type is none: no body was sent", "count", strconv.Itoa(bodyParams)))
	}
	path := it.Path
	if path != "" && !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	if err := p.compilePath(path); err != nil {
		return nil, err
	}
	resp, err := compileResponse(it.Response, "response")
	if err != nil {
		return nil, err
	}
	p.response = resp
	if !it.Success.IsGroup() && it.Success.Field == "" {
		return nil, domain.Invalid("success", "is required: say what a successful answer looks like, for example status eq 200")
	}
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

func (p *plan) compilePath(path string) error {
	rest := path
	for rest != "" {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			p.path = append(p.path, pathPart{lit: rest, ascii: isASCII(rest), param: -1})
			break
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return domain.Invalid("path", "has a { without its }")
		}
		if i > 0 {
			p.path = append(p.path, pathPart{lit: rest[:i], ascii: isASCII(rest[:i]), param: -1})
		}
		name := rest[i+1 : i+j]
		idx := -1
		for k, n := range p.params {
			if n.in == domain.InPath && n.name == name {
				idx = k
				break
			}
		}
		if idx < 0 {
			return domain.Invalid("path", "{%s} has no path param named %s", name, name)
		}
		p.path = append(p.path, pathPart{param: idx})
		rest = rest[i+j+1:]
	}
	return nil
}
