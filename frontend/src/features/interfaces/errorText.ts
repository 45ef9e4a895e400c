// The editor's wording of the backend's validation rules, by the error's
// reason: for the rules the editor words its own way (iface.errors.*) it
// says that, naming the reason's params; any other error is said by its
// reason's own text (explain), and only an unknown reason by its message.
import type { ApiError } from '@/api'
import { explain } from '@/i18n/explain'

type Translate = (key: string, named: Record<string, unknown>) => string
type Exists = (key: string) => boolean

/** What the editor reads of an error. */
export type EditorError = Pick<ApiError, 'message' | 'field' | 'reason' | 'params'>

interface Wording {
  /** The text under iface.errors. */
  key: string
  /** The text's params that the reason names otherwise: text param -> reason param. */
  from?: Record<string, string>
}

// The reasons the editor words its own way.
const wordings: Record<string, Wording> = {
  'interface.success_required': { key: 'successRequired' },
  'field.required': { key: 'required' },
  'field.duplicate': { key: 'duplicate' },
  'field.not_one_of': { key: 'notOneOf' },
  'param.source_template': { key: 'template' },
  'param.map_array_only': { key: 'mapArrayOnly' },
  'param.map_list': { key: 'mapList' },
  'param.children_type': { key: 'childrenType' },
  'param.children_body': { key: 'childrenBodyOnly' },
  'path.query': { key: 'pathChars' },
  'path.empty_var': { key: 'pathEmptyVar' },
  'path.unclosed': { key: 'pathUnclosed' },
  'path.stray_close': { key: 'pathStrayClose', from: { at: 'before' } },
  'path.var_twice': { key: 'pathRepeated' },
  'path.var_no_param': { key: 'pathNoParam' },
  'path.param_unused': { key: 'pathParamUnused' },
  'header.duplicate_case': { key: 'headerDuplicate' },
  'condition.group_empty': { key: 'emptyGroup' },
  'condition.group_both': { key: 'groupBoth' },
  'condition.in_list': { key: 'inList' },
  'condition.matches_regex': { key: 'matchesText' },
  'condition.regex_invalid': { key: 'regex' },
  'condition.number': { key: 'needNumber' },
  'condition.value_required': { key: 'valueRequired' },
  'condition.no_request_param': { key: 'noRequestParam' },
  'condition.no_response_param': { key: 'noResponseParam' },
  'condition.field_invalid': { key: 'fieldForm' },
  'key.invalid': { key: 'key' },
  'method.invalid': { key: 'methodToken' },
}

/** The editor's own text for an error, with its params; null when the reason is said by explain. */
export function editorWording(err: EditorError): { key: string; params: Record<string, string> } | null {
  // A system value that is not one of the system fields: the editor offers the list.
  if (err.reason === 'field.not_one_of' && err.field.endsWith('.source.value')) {
    return { key: 'iface.errors.systemField', params: {} }
  }
  const w = wordings[err.reason]
  if (!w) return null
  const params = { ...err.params }
  for (const [mine, theirs] of Object.entries(w.from ?? {})) params[mine] = err.params[theirs] ?? ''
  return { key: `iface.errors.${w.key}`, params }
}

/**
 * ifaceErrorText is the editor's text for a backend error in the UI's
 * language. An op named in it is given by its label (opLabel).
 */
export function ifaceErrorText(err: EditorError, t: Translate, te: Exists, opLabel: (op: string) => string = (op) => op): string {
  const op: Record<string, string> = err.params.op ? { op: opLabel(err.params.op) } : {}
  const own = editorWording(err)
  return own ? t(own.key, { ...own.params, ...op }) : explain(err, t, te, op)
}
