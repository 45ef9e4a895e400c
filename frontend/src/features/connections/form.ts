// The connection form: its state, which fields it shows for which settings,
// and the ConnectionInput it sends. Pure functions, so the rules can be tested
// without mounting the form.
import type { CondOp, ConnectionView } from '@/api'
import type { AuthType, Condition, ConnectionInput, TokenExchange } from '@/api/connection'
import { rangeProblem } from '@/features/settings/validate'
import { authSchemes } from './authFields.generated'
import { secretDraft, secretInput, type SecretDraft } from './secret'

export const protocols = ['http', 'https'] as const
export const charsets = ['UTF-8', 'GBK', 'GB2312', 'BIG5', 'ISO-8859-1'] as const
export const authTypes: AuthType[] = authSchemes.map((s) => s.type)
export const injectIns = ['header', 'query'] as const
/** Body types a token request can use: a JSON or form body, or (none) the fields in the query. */
export const tokenBodyTypes = ['json', 'form', 'none'] as const
export const condOps = [
  'eq',
  'ne',
  'gt',
  'ge',
  'lt',
  'le',
  'contains',
  'notContains',
  'empty',
  'notEmpty',
  'matches',
  'in',
] as const
export const defaultTimeoutSec = 60
export const minTimeoutSec = 1
export const maxTimeoutSec = 3600

export type ProxyMode = 'none' | 'system' | 'url'
/** The tabs of the connection drawer. */
export type DrawerTab = 'settings' | 'accounts'

/** The key that stands for Ctrl on this machine, for shortcut hints. */
export const modKey = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl'
export type ExpiryMode = 'path' | 'ttl'
export type RefreshMode = 'none' | 'simple' | 'json'

/** One key/value row (body fields, headers). raw: the value is JSON text, not a string. */
export interface KVRow {
  key: string
  value: string
  raw?: boolean
}

/** One rule of a simple condition. */
export interface CondRow {
  field: string
  op: CondOp
  value: string
}

export interface TokenExchangeForm {
  method: string
  url: string
  bodyType: string
  body: KVRow[]
  headers: KVRow[]
  tokenPath: string
  expiry: ExpiryMode
  expiresInPath: string
  /** TTL in seconds: the token's lifetime (ttl), or the fallback when the answer has no expiry (path). */
  ttlSec: number | null
  refreshMode: RefreshMode
  refreshJoin: 'any' | 'all'
  refreshRows: CondRow[]
  refreshJson: string
  injectIn: string
  injectName: string
  injectPrefix: string
}

export interface ConnectionForm {
  key: string
  name: string
  description: string
  protocol: string
  host: string
  basePath: string
  charset: string
  connectTimeoutSec: number | null
  responseTimeoutSec: number | null
  proxyMode: ProxyMode
  proxyUrl: string
  skipVerify: boolean
  clientCertPath: string
  caCertPath: string
  certPassword: SecretDraft
  authType: AuthType
  apiKeyName: string
  apiKeyIn: string
  te: TokenExchangeForm
}

function emptyTokenExchange(): TokenExchangeForm {
  return {
    method: 'POST',
    url: '',
    bodyType: 'json',
    body: [],
    headers: [],
    tokenPath: '',
    expiry: 'path',
    expiresInPath: '',
    ttlSec: null,
    refreshMode: 'none',
    refreshJoin: 'any',
    refreshRows: [],
    refreshJson: '',
    injectIn: 'header',
    injectName: 'Authorization',
    injectPrefix: 'Bearer ',
  }
}

/** emptyForm is the form of a new connection. */
export function emptyForm(): ConnectionForm {
  return {
    key: '',
    name: '',
    description: '',
    protocol: 'https',
    host: '',
    basePath: '',
    charset: 'UTF-8',
    connectTimeoutSec: defaultTimeoutSec,
    responseTimeoutSec: defaultTimeoutSec,
    proxyMode: 'none',
    proxyUrl: '',
    skipVerify: false,
    clientCertPath: '',
    caCertPath: '',
    certPassword: secretDraft(false),
    authType: 'none',
    apiKeyName: 'X-API-Key',
    apiKeyIn: 'header',
    te: emptyTokenExchange(),
  }
}

const formatJSON = (v: unknown) => JSON.stringify(v)

function kvRows(rec: Record<string, unknown> | undefined): KVRow[] {
  return Object.entries(rec ?? {}).map(([key, v]) =>
    typeof v === 'string' ? { key, value: v } : { key, value: formatJSON(v), raw: true },
  )
}

/** formatCondValue shows a rule's value in a text box: a list as "a, b", anything else as text. */
export function formatCondValue(v: unknown): string {
  if (v === undefined || v === null) return ''
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : formatJSON(x))).join(', ')
  return typeof v === 'string' ? v : formatJSON(v)
}

function scalar(text: string): unknown {
  const t = text.trim()
  if (t !== '' && Number.isFinite(Number(t))) return Number(t)
  if (t === 'true') return true
  if (t === 'false') return false
  return text
}

/**
 * parseCondValue reads a rule's value from its text box for the op: none for
 * empty / notEmpty, a list for in (comma-separated), a number for the
 * comparisons, the regular expression as written for matches, else a number
 * or boolean when the text reads as one, the text otherwise.
 */
export function parseCondValue(op: string, text: string): unknown {
  switch (op) {
    case 'empty':
    case 'notEmpty':
      return undefined
    case 'in':
      return text
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')
        .map(scalar)
    case 'matches':
    case 'contains':
    case 'notContains':
      return text
    default:
      return scalar(text)
  }
}

/** simpleRows returns the rules of a condition that is one flat group (or one rule), else null. */
export function simpleRows(c: Condition): { join: 'any' | 'all'; rows: CondRow[] } | null {
  const leaf = (x: Condition) => !x.all && !x.any && !!x.field
  const row = (x: Condition): CondRow => ({ field: x.field ?? '', op: x.op ?? 'eq', value: formatCondValue(x.value) })
  if (leaf(c)) return { join: 'any', rows: [row(c)] }
  const join = c.any ? 'any' : c.all ? 'all' : null
  const items = (c.any ?? c.all) as Condition[] | undefined
  if (!join || !items || (c.any && c.all) || !items.every(leaf)) return null
  return { join, rows: items.map(row) }
}

function teForm(te: TokenExchange): TokenExchangeForm {
  const f = emptyTokenExchange()
  f.method = te.method || 'POST'
  f.url = te.url ?? ''
  f.bodyType = te.bodyType || 'json'
  f.body = kvRows(te.body)
  f.headers = kvRows(te.headers)
  f.tokenPath = te.tokenPath ?? ''
  f.expiresInPath = te.expiresInPath ?? ''
  f.ttlSec = te.ttlSec ? te.ttlSec : null
  f.expiry = !f.expiresInPath && f.ttlSec ? 'ttl' : 'path'
  f.injectIn = te.inject?.in || 'header'
  f.injectName = te.inject?.name ?? ''
  f.injectPrefix = te.inject?.prefix ?? ''
  if (te.refreshWhen) {
    const simple = simpleRows(te.refreshWhen)
    if (simple) {
      f.refreshMode = 'simple'
      f.refreshJoin = simple.join
      f.refreshRows = simple.rows
    } else {
      f.refreshMode = 'json'
    }
    f.refreshJson = JSON.stringify(te.refreshWhen, null, 2)
  }
  return f
}

/** formFrom is the form of an existing connection. */
export function formFrom(c: ConnectionView): ConnectionForm {
  const f = emptyForm()
  f.key = c.key
  f.name = c.name ?? ''
  f.description = c.description ?? ''
  f.protocol = c.protocol || 'https'
  f.host = c.host ?? ''
  f.basePath = c.basePath ?? ''
  f.charset = c.charset || 'UTF-8'
  f.connectTimeoutSec = c.connectTimeoutSec || defaultTimeoutSec
  f.responseTimeoutSec = c.responseTimeoutSec || defaultTimeoutSec
  const proxy = c.proxy || 'none'
  f.proxyMode = proxy === 'none' || proxy === 'system' ? proxy : 'url'
  f.proxyUrl = f.proxyMode === 'url' ? proxy : ''
  f.skipVerify = !!c.tls?.skipVerify
  f.clientCertPath = c.tls?.clientCertPath ?? ''
  f.caCertPath = c.tls?.caCertPath ?? ''
  f.certPassword = secretDraft(!!c.clientCertPasswordSet)
  const auth = c.auth ?? { type: 'none' }
  f.authType = auth.type || 'none'
  if (auth.apiKey) {
    f.apiKeyName = auth.apiKey.name
    f.apiKeyIn = auth.apiKey.in || 'header'
  }
  if (auth.tokenExchange) {
    f.te = teForm(auth.tokenExchange)
  }
  return f
}

/** What the form shows for its current settings. */
export interface Visibility {
  /** The https section: skip verification. */
  tls: boolean
  /** Client certificate, its password and the CA bundle: https without skipping verification. */
  certificates: boolean
  proxyUrl: boolean
  apiKey: boolean
  tokenExchange: boolean
  expiresInPath: boolean
  ttl: boolean
  refreshRows: boolean
  refreshJson: boolean
  /** The account fields this scheme reads, when it reads any. */
  accounts: boolean
}

export function visibility(f: ConnectionForm): Visibility {
  const https = f.protocol === 'https'
  const te = f.authType === 'tokenExchange'
  return {
    tls: https,
    certificates: https && !f.skipVerify,
    proxyUrl: f.proxyMode === 'url',
    apiKey: f.authType === 'apiKey',
    tokenExchange: te,
    expiresInPath: te && f.te.expiry === 'path',
    ttl: te,
    refreshRows: te && f.te.refreshMode === 'simple',
    refreshJson: te && f.te.refreshMode === 'json',
    accounts: f.authType !== 'none',
  }
}

/**
 * certificatesDropped says that saving will remove a certificate setting the
 * form hides: skipping verification leaves no room for a client certificate
 * or a CA bundle.
 */
export function certificatesDropped(f: ConnectionForm): boolean {
  return (
    f.protocol === 'https' &&
    f.skipVerify &&
    (f.clientCertPath.trim() !== '' || f.caCertPath.trim() !== '' || f.certPassword.set)
  )
}

/** FormError is a mistake the form finds before asking the backend; field is a backend-style path. */
export class FormError extends Error {
  constructor(
    readonly field: string,
    readonly rule: string,
  ) {
    super(`${field}: ${rule}`)
  }
}

function record(rows: KVRow[], field: string): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {}
  rows.forEach((r, i) => {
    const key = r.key.trim()
    if (key === '') {
      if (r.value.trim() !== '') throw new FormError(`${field}[${i}]`, 'rowKey')
      return
    }
    if (key in out) throw new FormError(`${field}[${i}]`, 'rowDuplicate')
    if (r.raw) {
      try {
        out[key] = JSON.parse(r.value)
      } catch {
        out[key] = r.value
      }
    } else {
      out[key] = r.value
    }
  })
  return Object.keys(out).length ? out : undefined
}

function refreshWhen(te: TokenExchangeForm): Condition | undefined {
  switch (te.refreshMode) {
    case 'simple': {
      const rules = te.refreshRows
        .filter((r) => r.field.trim() !== '')
        .map((r) => {
          const rule: Condition = { field: r.field.trim(), op: r.op }
          const value = parseCondValue(r.op, r.value)
          if (value !== undefined) rule.value = value
          return rule
        })
      if (!rules.length) return undefined
      return te.refreshJoin === 'all' ? { all: rules } : { any: rules }
    }
    case 'json': {
      if (te.refreshJson.trim() === '') return undefined
      try {
        const v: unknown = JSON.parse(te.refreshJson)
        if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object')
        return v as Condition
      } catch {
        throw new FormError('auth.tokenExchange.refreshWhen', 'json')
      }
    }
    default:
      return undefined
  }
}

function timeout(n: number | null): number {
  return n === null || !Number.isFinite(n) ? defaultTimeoutSec : Math.round(n)
}

/**
 * toInput builds the ConnectionInput of the form. Only what the form shows is
 * sent: an http connection carries no TLS settings, skipping verification
 * drops the client certificate, its password and the CA bundle, and only the
 * chosen auth scheme's settings go. The certificate password follows the
 * write-only rule (null keeps, "" clears, text replaces). Throws FormError
 * for rows and JSON it cannot read.
 */
export function toInput(f: ConnectionForm): ConnectionInput {
  const v = visibility(f)
  const input: ConnectionInput = {
    key: f.key.trim(),
    name: f.name.trim(),
    description: f.description.trim(),
    protocol: f.protocol,
    host: f.host.trim(),
    basePath: f.basePath.trim(),
    charset: f.charset,
    connectTimeoutSec: timeout(f.connectTimeoutSec),
    responseTimeoutSec: timeout(f.responseTimeoutSec),
    tls: { skipVerify: false, clientCertPath: '', caCertPath: '' },
    clientCertPassword: null,
    proxy: f.proxyMode === 'url' ? f.proxyUrl.trim() : f.proxyMode,
    auth: { type: f.authType },
  }
  if (v.tls) {
    input.tls.skipVerify = f.skipVerify
  }
  if (v.certificates) {
    input.tls.clientCertPath = f.clientCertPath.trim()
    input.tls.caCertPath = f.caCertPath.trim()
  }
  if (input.tls.clientCertPath !== '') {
    input.clientCertPassword = secretInput(f.certPassword)
  } else if (f.certPassword.set) {
    // A password without a certificate means nothing: it goes with the certificate.
    input.clientCertPassword = ''
  }
  if (v.apiKey) {
    input.auth.apiKey = { name: f.apiKeyName.trim(), in: f.apiKeyIn }
  }
  if (v.tokenExchange) {
    const te = f.te
    const ttl = te.ttlSec && te.ttlSec > 0 ? Math.round(te.ttlSec) : 0
    const out: TokenExchange = {
      method: te.method.trim().toUpperCase(),
      url: te.url.trim(),
      bodyType: te.bodyType,
      tokenPath: te.tokenPath.trim(),
      inject: { in: te.injectIn, name: te.injectName.trim(), prefix: te.injectPrefix },
    }
    const headers = record(te.headers, 'auth.tokenExchange.headers') as Record<string, string> | undefined
    if (headers) out.headers = headers
    const body = record(te.body, 'auth.tokenExchange.body')
    if (body) out.body = body
    if (te.expiry === 'path' && te.expiresInPath.trim() !== '') out.expiresInPath = te.expiresInPath.trim()
    if (ttl) out.ttlSec = ttl
    const rw = refreshWhen(te)
    if (rw) out.refreshWhen = rw
    input.auth.tokenExchange = out
  }
  return input
}

/** baseURL shows where the connection points: protocol://host/basePath. */
export function baseURL(f: Pick<ConnectionForm, 'protocol' | 'host' | 'basePath'>): string {
  const host = f.host.trim() || '…'
  let path = f.basePath.trim()
  if (path && !path.startsWith('/')) path = '/' + path
  return `${f.protocol}://${host}${path.replace(/\/+$/, '')}`
}

const accountRef = /\{\{\s*account\.([A-Za-z0-9_$-]+)/g

function collectRefs(v: unknown, into: Set<string>) {
  if (typeof v === 'string') {
    for (const m of v.matchAll(accountRef)) into.add(m[1]!)
  } else if (Array.isArray(v)) {
    v.forEach((x) => collectRefs(x, into))
  } else if (v && typeof v === 'object') {
    Object.values(v).forEach((x) => collectRefs(x, into))
  }
}

/** accountRefs lists the account fields a token exchange reads as {{account.x}}, in order of appearance. */
export function accountRefs(te: TokenExchange | TokenExchangeForm | undefined | null): string[] {
  if (!te) return []
  const found = new Set<string>()
  if ('refreshMode' in te) {
    collectRefs(te.url, found)
    te.headers.forEach((r) => collectRefs(r.value, found))
    te.body.forEach((r) => collectRefs(r.value, found))
  } else {
    collectRefs(te.url, found)
    collectRefs(te.headers, found)
    collectRefs(te.body, found)
  }
  return [...found]
}

/**
 * splitURL reads a URL pasted into the host field ("https://api.x.com:8443/open")
 * as protocol, host and base path; null when the text is not an http(s) URL.
 */
export function splitURL(text: string): { protocol: string; host: string; basePath: string } | null {
  const m = /^\s*(https?):\/\/([^/?#\s]+)([^?#\s]*)/i.exec(text)
  if (!m) return null
  const path = m[3]!.replace(/\/+$/, '')
  return { protocol: m[1]!.toLowerCase(), host: m[2]!, basePath: path }
}

/**
 * numberProblems checks the number fields as the backend does, by form field
 * id: the timeouts are whole seconds from 1 to 3600, the token lifetime is
 * optional and not negative. The inputs do not clamp: a typed 0 stays 0 and
 * is shown as wrong rather than saved as 1.
 */
export function numberProblems(f: ConnectionForm): Record<string, 'required' | 'timeout' | 'ttl'> {
  const out: Record<string, 'required' | 'timeout' | 'ttl'> = {}
  for (const field of ['connectTimeoutSec', 'responseTimeoutSec'] as const) {
    const p = rangeProblem(f[field], minTimeoutSec, maxTimeoutSec)
    if (p) out[field] = p === 'required' ? 'required' : 'timeout'
  }
  const ttl = f.te.ttlSec
  if (f.authType === 'tokenExchange' && ttl !== null && rangeProblem(ttl, 0, Number.MAX_SAFE_INTEGER)) out['te.ttlSec'] = 'ttl'
  return out
}

const keyPattern = /^[a-z0-9][a-z0-9_-]{0,63}$/

/**
 * hostProblem names the obvious mistakes in a host before the backend's full
 * check (domain.ValidateHost, which also accepts international names): a
 * pasted scheme, a space, a path, an underscore, two dots in a row. Null when
 * none is seen.
 */
export function hostProblem(host: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(host)) return 'hostScheme'
  if (/\s/.test(host)) return 'hostSpace'
  if (/[/?#]/.test(host)) return 'hostPath'
  const name = host.startsWith('[') ? '' : host.replace(/:\d*$/, '')
  if (name.includes('_')) return 'hostUnderscore'
  if (/\.\.|^\.|\.$/.test(name)) return 'hostDots'
  return null
}

/**
 * localProblems finds the mistakes the form can see before asking the
 * backend, all at once: a missing or malformed key (new connections), a
 * missing host or one written as a URL, a missing proxy URL, the required
 * settings of the API key and token exchange schemes. The backend checks
 * everything again.
 */
export function localProblems(f: ConnectionForm, creating: boolean): FormError[] {
  const out: FormError[] = []
  const key = f.key.trim()
  if (creating) {
    if (key === '') out.push(new FormError('key', 'required'))
    else if (!keyPattern.test(key)) out.push(new FormError('key', 'key'))
  }
  const host = f.host.trim()
  const hostRule = host === '' ? 'required' : hostProblem(host)
  if (hostRule) out.push(new FormError('host', hostRule))
  for (const [field, rule] of Object.entries(numberProblems(f))) {
    out.push(new FormError(field === 'te.ttlSec' ? 'auth.tokenExchange.ttlSec' : field, rule))
  }
  if (f.proxyMode === 'url' && f.proxyUrl.trim() === '') out.push(new FormError('proxy', 'required'))
  if (f.authType === 'apiKey' && f.apiKeyName.trim() === '') out.push(new FormError('auth.apiKey.name', 'required'))
  if (f.authType === 'tokenExchange') {
    const te = f.te
    if (te.method.trim() === '') out.push(new FormError('auth.tokenExchange.method', 'required'))
    if (te.url.trim() === '') out.push(new FormError('auth.tokenExchange.url', 'required'))
    if (te.tokenPath.trim() === '') out.push(new FormError('auth.tokenExchange.tokenPath', 'required'))
    if (te.injectName.trim() === '') out.push(new FormError('auth.tokenExchange.inject.name', 'required'))
  }
  return out
}
