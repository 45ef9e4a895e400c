// Field errors of the connection and account forms in the UI's language: the
// backend's field path picks the form field, its code and message pick one of
// the rule texts under connection.errors.*; a message the form does not know
// is shown as the backend wrote it.
import type { ApiError } from '@/api'
import { FormError } from './form'

type Translate = (key: string, named?: Record<string, unknown>) => string

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

// What backend/domain.ValidateHost says is wrong, by the words of its message.
const hostRules: [string, string][] = [
  ['starts with a scheme', 'hostScheme'],
  ['contains a space', 'hostSpace'],
  ['contains an underscore', 'hostUnderscore'],
  ['empty label', 'hostDots'],
  ["starts or ends with '-'", 'hostHyphen'],
  ['international domain name', 'hostIdn'],
  ['port ', 'hostPort'],
  ['malformed port', 'hostPort'],
  ['which a host name cannot hold', 'hostChar'],
]

function hostRule(message: string): string {
  if (/contains "[/?#]"/.test(message)) return 'hostPath'
  return hostRules.find(([words]) => message.includes(words))?.[1] ?? 'host'
}

/** ruleOf names the rule a backend error breaks, by field and message; '' when the form has no text for it. */
function ruleOf(code: string, field: string, path: string, message: string): string {
  if (message === 'is required' || message.startsWith('is required:')) return 'required'
  if (code === 'conflict' && field === 'key') return 'keyTaken'
  if (code !== 'validation') return ''
  switch (field) {
    case 'key':
      return 'key'
    case 'host':
      return hostRule(message)
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
      if (path.endsWith('.field')) return 'refreshField'
      if (path.endsWith('.op')) return 'refreshOp'
      if (path.endsWith('.value')) return 'refreshValue'
      return 'refreshWhen'
  }
  return message.includes('is not one of') ? 'oneOf' : ''
}

/**
 * connectionProblem places an error of saving a connection on its form
 * field, in the UI's language. Null when the error belongs to no field the
 * form shows: the form then shows it above the fields.
 */
export function connectionProblem(err: ApiError | FormError, t: Translate): FieldProblem | null {
  if (err instanceof FormError) {
    const at = formField(err.field)
    if (!at) return null
    return { ...at, text: t(`connection.errors.${err.rule}`, { example: '{"any": [...]}' }) }
  }
  if (!err.field) return null
  const at = formField(err.field)
  if (!at) return null
  const rule = ruleOf(err.code, at.field, err.field, err.message)
  return { ...at, text: rule ? t(`connection.errors.${rule}`) : err.message }
}

/** accountProblem places an error of saving an account: on the name, or on a row (by field name). */
export function accountProblem(
  err: ApiError,
  t: Translate,
): { field: 'name' | 'rows'; name?: string; text: string } | null {
  if (!err.field) return null
  if (err.field === 'name') {
    return { field: 'name', text: err.message === 'is required' ? t('connection.errors.required') : t('connection.errors.accountName') }
  }
  const m = /^fields\.(.+)$/.exec(err.field)
  if (m) {
    const rule = err.message.includes('is a secret of') ? 'fieldIsSecret' : err.message.includes('also a secret') ? 'fieldBoth' : ''
    return { field: 'rows', name: m[1], text: rule ? t(`connection.errors.${rule}`) : err.message }
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
