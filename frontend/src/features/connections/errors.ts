// Field errors of the connection and account forms in the UI's language: the
// backend's field path picks the form field, its code and reason pick one of
// the rule texts under connection.errors.*; a reason the form has no text of
// its own for is said by the reason's text (explain).
import type { ApiError } from '@/api'
import { explain } from '@/i18n/explain'
import { FormError } from './form'

type Translate = (key: string, named?: Record<string, unknown>) => string
type Exists = (key: string) => boolean

/** Where an error belongs in the connection form and what it says. */
export interface FieldProblem {
  /** A form field id: key, host, te.url, te.refreshWhen, ... */
  field: string
  /** The row of a rows block (body, headers, refresh rules), when the error is about one. */
  row?: number
  text: string
}

const teFields: Record<string, string> = {
  method: 'te.method',
  url: 'te.url',
  bodyType: 'te.bodyType',
  tokenPath: 'te.tokenPath',
  expiresInPath: 'te.expiresInPath',
  ttlSec: 'te.ttlSec',
  'inject.in': 'te.injectIn',
  'inject.name': 'te.injectName',
  'inject.prefix': 'te.injectPrefix',
}

const plainFields = new Set([
  'key',
  'name',
  'description',
  'protocol',
  'host',
  'basePath',
  'charset',
  'connectTimeoutSec',
  'responseTimeoutSec',
  'proxy',
])

/** formField maps a backend field path of a connection to the form's field id and row. */
export function formField(path: string): { field: string; row?: number } | null {
  const p = path.replace(/^connection\./, '')
  if (plainFields.has(p)) return { field: p }
  if (p === 'tls.clientCertPath' || p === 'tls.caCertPath') return { field: p.slice(4) }
  if (p === 'clientCertPassword' || p === 'tls.clientCertPassword') return { field: 'certPassword' }
  if (p === 'auth' || p === 'auth.type') return { field: 'authType' }
  if (p === 'auth.apiKey' || p === 'auth.apiKey.name') return { field: 'apiKeyName' }
  if (p === 'auth.apiKey.in') return { field: 'apiKeyIn' }
  const te = /^auth\.tokenExchange(?:\.(.*))?$/.exec(p)
  if (te) {
    const rest = te[1] ?? ''
    if (teFields[rest]) return { field: teFields[rest] }
    const rows = /^(headers|body|refreshWhen)(?:\.(?:any|all))?(?:\[(\d+)\])?/.exec(rest)
    if (rows) return { field: `te.${rows[1]}`, row: rows[2] === undefined ? undefined : Number(rows[2]) }
    return { field: 'te.url' }
  }
  return null
}

// The form's text for each reason of backend/domain.ValidateHost.
const hostRules: Record<string, string> = {
  'host.scheme': 'hostScheme',
  'host.space': 'hostSpace',
  'host.path': 'hostPath',
  'host.underscore': 'hostUnderscore',
  'host.empty_label': 'hostDots',
  'host.label_hyphen': 'hostHyphen',
  'host.idn': 'hostIdn',
  'host.port': 'hostPort',
  'host.port_malformed': 'hostPort',
  'host.char': 'hostChar',
}

/** ruleOf names the form's text for a backend error, by its reason and field; '' when the form has none. */
function ruleOf(err: ApiError, field: string): string {
  if (err.reason === 'field.required' || err.reason === 'auth.settings_required') return 'required'
  if (err.code === 'conflict' && field === 'key') return 'keyTaken'
  if (err.code !== 'validation') return ''
  switch (field) {
    case 'key':
      return 'key'
    case 'host':
      return hostRules[err.reason] ?? 'host'
    case 'basePath':
      return 'basePath'
    case 'connectTimeoutSec':
    case 'responseTimeoutSec':
      return 'timeout'
    case 'proxy':
      return 'proxy'
    case 'charset':
      return 'charset'
    case 'te.method':
      return 'method'
    case 'te.ttlSec':
      return 'ttl'
    case 'te.refreshWhen':
      if (err.field.endsWith('.field')) return 'refreshField'
      if (err.field.endsWith('.op')) return 'refreshOp'
      if (err.field.endsWith('.value')) return 'refreshValue'
      return 'refreshWhen'
  }
  return err.reason === 'field.not_one_of' ? 'oneOf' : ''
}

/**
 * connectionProblem places an error of saving a connection on its form
 * field, in the UI's language. Null when the error belongs to no field the
 * form shows: the form then shows it above the fields.
 */
export function connectionProblem(err: ApiError | FormError, t: Translate, te: Exists): FieldProblem | null {
  if (err instanceof FormError) {
    const at = formField(err.field)
    if (!at) return null
    return { ...at, text: t(`connection.errors.${err.rule}`, { example: '{"any": [...]}' }) }
  }
  if (!err.field) return null
  const at = formField(err.field)
  if (!at) return null
  const rule = ruleOf(err, at.field)
  return { ...at, text: rule ? t(`connection.errors.${rule}`) : explain(err, (k, named) => t(k, named), te) }
}

// The form's text for the reasons of an account's field rows.
const fieldRules: Record<string, string> = {
  'account.secret_as_plain': 'fieldIsSecret',
  'account.field_also_secret': 'fieldBoth',
}

/** accountProblem places an error of saving an account: on the name, or on a row (by field name). */
export function accountProblem(
  err: ApiError,
  t: Translate,
  te: Exists,
): { field: 'name' | 'rows'; name?: string; text: string } | null {
  if (!err.field) return null
  if (err.field === 'name') {
    return { field: 'name', text: err.reason === 'field.required' ? t('connection.errors.required') : t('connection.errors.accountName') }
  }
  const m = /^fields\.(.+)$/.exec(err.field)
  if (m) {
    const rule = fieldRules[err.reason]
    return { field: 'rows', name: m[1], text: rule ? t(`connection.errors.${rule}`) : explain(err, (k, named) => t(k, named), te) }
  }
  if (err.field === 'fields') return { field: 'rows', text: t('connection.errors.rowName') }
  return null
}

/** A save's warning as the backend sends it (service.FieldWarning). */
export interface SaveWarning {
  field: string
  code: string
  message: string
}

/**
 * connectionWarnings places a save's warnings (a certificate path with no file
 * yet) on their form fields, in the UI's language; a warning the form does
 * not know is shown as the backend wrote it.
 */
export function connectionWarnings(list: SaveWarning[] | undefined | null, t: Translate): Record<string, string> {
  const out: Record<string, string> = {}
  for (const w of list ?? []) {
    const at = formField(w.field)
    if (!at) continue
    out[at.field] = w.code === 'missing' ? t('connection.warnings.certMissing') : w.message
  }
  return out
}
