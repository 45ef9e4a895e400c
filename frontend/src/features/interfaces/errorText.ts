// The editor's wording of the backend's validation rules. The backend writes
// its messages in English; for the rules it knows, the editor says the same in
// the UI language (iface.errors.*), and falls back to the backend's own text.
import type { ApiError } from '@/api'

type Translate = (key: string, named?: Record<string, unknown>) => string

interface Rule {
  /** The message pattern; its groups fill the named params, in order. */
  re: RegExp
  key: string
  params?: string[]
  /** The field must end so (".source.value"), or equal it when it has no dot or bracket. */
  field?: string
}

// Order matters: the first rule that matches wins.
const rules: Rule[] = [
  { re: /^is required: say what a successful answer looks like/, key: 'successRequired' },
  { re: /^is required: choose the connection/, key: 'connectionRequired' },
  { re: /^"(.*)" is not one of userId/, key: 'systemField', field: '.source.value' },
  { re: /^"(.*)" is not a system field/, key: 'systemField', field: '.source.value' },
  { re: /^is required$/, key: 'required' },
  { re: /^"(.*)" appears twice$/, key: 'duplicate', params: ['name'] },
  { re: /^"(.*)" is not one of (.*)$/, key: 'notOneOf', params: ['value', 'allowed'] },
  { re: /^must be a \{\{ \}\} template$/, key: 'template' },
  { re: /^map applies to array params only$/, key: 'mapArrayOnly' },
  { re: /^must name the list to map/, key: 'mapList' },
  { re: /^only object and array params have children$/, key: 'childrenType' },
  { re: /^only body params have children$/, key: 'childrenBodyOnly' },
  { re: /^must be a path without query, fragment or spaces/, key: 'pathChars' },
  { re: /^has an empty \{\} placeholder$/, key: 'pathEmptyVar' },
  { re: /^has an unclosed \{ at "(.*)": write \{name\}$/, key: 'pathUnclosed', params: ['at'] },
  { re: /^has a \} without its \{ after "(.*)": write \{name\}$/, key: 'pathStrayClose', params: ['at'] },
  { re: /^has \{(.*)\} twice: each path param fills one place/, key: 'pathRepeated', params: ['name'] },
  { re: /^duplicates header (\S+) \(header names ignore case\)$/, key: 'headerDuplicate', params: ['name'] },
  { re: /^\{(.*)\} has no path param named/, key: 'pathNoParam', params: ['name'] },
  { re: /^path param (\S+) does not appear in the path/, key: 'pathParamUnused', params: ['name'] },
  { re: /^is an empty group$/, key: 'emptyGroup' },
  { re: /^a group has either all or any, not both$/, key: 'groupBoth' },
  { re: /^op in needs a list of values$/, key: 'inList' },
  { re: /^op matches needs a regular expression$/, key: 'matchesText' },
  { re: /^is not a valid regular expression: (.*)$/, key: 'regex', params: ['detail'] },
  { re: /^op (\w+) needs a number/, key: 'needNumber', params: ['op'] },
  { re: /^is required for op (\w+)$/, key: 'valueRequired', params: ['op'] },
  { re: /^(\S+) names no request param$/, key: 'noRequestParam', params: ['field'] },
  { re: /^(\S+) names no response param$/, key: 'noResponseParam', params: ['field'] },
  { re: /must be status, headers\.<name>, response\.<path>/, key: 'fieldForm' },
  { re: /is not a valid key/, key: 'key' },
  { re: /^"(.*)" is not an HTTP method token$/, key: 'methodToken', params: ['method'] },
  { re: /^connector (\S+) has no connection "(.*)"$/, key: 'connectionMissing', params: ['connector', 'connection'] },
  { re: /^connection (\S+) is sealed; new interfaces cannot use it$/, key: 'connectionSealed', params: ['connection'] },
  { re: /^connector (\S+) already has an interface "(.*)"$/, key: 'keyTaken', params: ['connector', 'key'] },
  { re: /^connector (\S+) is sealed; unseal it before adding interfaces$/, key: 'connectorSealed', params: ['connector'] },
  { re: /^is not valid JSON: line (\d+), column (\d+): (.*)$/, key: 'sampleInvalid', params: ['line', 'column', 'detail'] },
  { re: /^is a single (\w+); paste a JSON object or array$/, key: 'sampleScalar', params: ['kind'] },
  { re: /^is empty$/, key: 'sampleEmpty', field: 'sample' },
]

function fieldMatches(rule: Rule, field: string): boolean {
  if (!rule.field) return true
  return /[.[]/.test(rule.field) ? field.endsWith(rule.field) : field === rule.field
}

/** A rule the editor knows, with the params its text needs; null for a message it does not know. */
export function knownRule(err: Pick<ApiError, 'message' | 'field'>): { key: string; params: Record<string, string> } | null {
  for (const rule of rules) {
    if (!fieldMatches(rule, err.field)) continue
    const m = rule.re.exec(err.message)
    if (!m) continue
    const params: Record<string, string> = {}
    rule.params?.forEach((p, i) => (params[p] = m[i + 1] ?? ''))
    return { key: `iface.errors.${rule.key}`, params }
  }
  return null
}

/**
 * ifaceErrorText is the editor's text for a backend error: the UI language's
 * wording of a known rule, else the backend's message. An op named in the
 * message is given by its label (opLabel).
 */
export function ifaceErrorText(
  err: Pick<ApiError, 'message' | 'field'>,
  t: Translate,
  opLabel: (op: string) => string = (op) => op,
): string {
  const known = knownRule(err)
  if (!known) return err.message
  if (known.params.op) known.params.op = opLabel(known.params.op)
  return t(known.key, known.params)
}
