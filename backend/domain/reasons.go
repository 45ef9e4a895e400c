package domain

// Reason is the stable key of a sentence the backend shows a person: an
// error's reason or a Note's. The UI renders it in its language from
// frontend/src/i18n (reason.<key> in en.json and zh-CN.json; a test fails on
// a reason without both); the English Message or Text is for the CLI and
// logs. Keys are dotted, lower case: "<area>.<what>", e.g. "connector.sealed".
// Once released a key is never renamed.
type Reason string

// Params are the values a Reason's text names ({key}, {count}...). Values are
// text: the UI interpolates them as given (numbers formatted by the backend).
type Params map[string]string

// ParamsOf builds Params from key, value pairs; nil when there are none.
func ParamsOf(kv ...string) Params {
	if len(kv) == 0 {
		return nil
	}
	p := make(Params, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		p[kv[i]] = kv[i+1]
	}
	return p
}

// Nest returns p with inner said as param key: key holds inner's English
// text (for the CLI and logs), key+".reason" and key+".<param>" its reason
// and params, so that the UI says the inner sentence in its language too.
func (p Params) Nest(key string, inner Note) Params {
	out := make(Params, len(p)+len(inner.Params)+2)
	for k, v := range p {
		out[k] = v
	}
	out[key] = inner.Text
	if inner.Reason == "" {
		return out
	}
	out[key+".reason"] = string(inner.Reason)
	for k, v := range inner.Params {
		out[key+"."+k] = v
	}
	return out
}

// Note is a sentence for a person that is not an error: a verdict's
// explanation, a console note, an import warning, a check's detail line.
type Note struct {
	Reason Reason `json:"reason"`
	Params Params `json:"params,omitempty"`
	// Text is the English rendering, for the CLI, logs and older readers.
	Text string `json:"text"`
}

// NoteOf returns a Note with its English text and params (key, value...).
func NoteOf(reason Reason, text string, kv ...string) Note {
	return Note{Reason: reason, Params: ParamsOf(kv...), Text: text}
}

// Reasons is every Reason, the list the frontend receives (EnumBind) and the
// i18n test checks. Each area keeps its constants and its list in its own
// file (reasons_<area>.go); add the area's list here.
func Reasons() []Reason {
	var all []Reason
	for _, area := range [][]Reason{
		validateReasons, storeReasons, serviceReasons, invokeReasons, runnerReasons, exchangeReasons, doorReasons,
	} {
		all = append(all, area...)
	}
	return all
}
