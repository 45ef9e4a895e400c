import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api'
import type { AccountView, Auth } from '@/api/connection'
import { createAppI18n } from '@/i18n'
import zhCN from '@/i18n/zh-CN.json'
import { AccountFormError, accountForm, defaultInput, missingFields, schemeFields, toAccountInput } from './account'
import { accountProblem, connectionProblem, formField } from './errors'
import { FormError } from './form'

const basic: Auth = { type: 'basic' }
const exchange: Auth = {
  type: 'tokenExchange',
  tokenExchange: {
    method: 'POST',
    url: '/token',
    bodyType: 'json',
    body: { appKey: '{{account.appKey}}', appSecret: '{{account.appSecret}}' },
    tokenPath: 'token',
    inject: { in: 'header', name: 'X-Token', prefix: '' },
  },
}

function stored(over: Partial<AccountView> = {}): AccountView {
  return { id: 'a1', name: 'main', default: true, fields: {}, secrets: [], ...over }
}

describe('scheme fields', () => {
  it('offers the fields each scheme reads by name, secrets marked', () => {
    expect(schemeFields('basic')).toEqual([
      { name: 'username', secret: false },
      { name: 'password', secret: true },
    ])
    expect(schemeFields('apiKey')).toEqual([{ name: 'key', secret: true }])
    expect(schemeFields('bearer')).toEqual([{ name: 'token', secret: true }])
    expect(schemeFields('appCode')).toEqual([{ name: 'appCode', secret: true }])
    expect(schemeFields('none')).toEqual([])
    expect(schemeFields('tokenExchange')).toEqual([])
  })

  it('prefills a token exchange account with the names its templates read, guessing which are secret', () => {
    const f = accountForm(null, exchange)
    expect(f.isNew).toBe(true)
    expect(f.rows.map((r) => [r.name, r.secret, r.fixed, r.referenced])).toEqual([
      ['appKey', false, false, true],
      ['appSecret', true, false, true],
    ])
  })

  it('the first account of a connection starts as the default', () => {
    expect(accountForm(null, basic, true).default).toBe(true)
    expect(accountForm(null, basic, false).default).toBe(false)
  })
})

describe('toAccountInput', () => {
  it('a new basic account: username plain, password secret with its value', () => {
    const f = accountForm(null, basic)
    f.name = ' bot '
    f.rows[0]!.value = 'svc'
    f.rows[1]!.draft.value = 's3cret'
    expect(toAccountInput(f, null)).toEqual({ name: 'bot', default: false, fields: { username: 'svc' }, secrets: { password: 's3cret' } })
  })

  it('keeps a stored secret as null, replaces it with text, removes it with ""', () => {
    const a = stored({ fields: { username: 'svc' }, secrets: [{ name: 'password', set: true }] })
    const f = accountForm(a, basic)
    expect(f.rows[1]!.draft).toEqual({ set: true, action: 'keep', value: '' })
    expect(toAccountInput(f, a).secrets).toEqual({ password: null })

    f.rows[1]!.draft.action = 'replace'
    f.rows[1]!.draft.value = 'rotated'
    expect(toAccountInput(f, a).secrets).toEqual({ password: 'rotated' })

    f.rows[1]!.draft.action = 'clear'
    expect(toAccountInput(f, a).secrets).toEqual({ password: '' })
  })

  it('never carries a stored secret’s value: the view has none to carry', () => {
    const a = stored({ secrets: [{ name: 'token', set: true }] })
    const input = toAccountInput(accountForm(a, { type: 'bearer' }), a)
    expect(JSON.stringify(input)).not.toMatch(/"token":"[^"]/)
    expect(input.secrets).toEqual({ token: null })
  })

  it('removes a stored secret whose row went away or turned plain', () => {
    const a = stored({ fields: { appKey: 'k' }, secrets: [{ name: 'appSecret', set: true }, { name: 'old', set: true }] })
    const f = accountForm(a, exchange)
    expect(f.rows.map((r) => r.name)).toEqual(['appKey', 'appSecret', 'old'])
    f.rows.splice(2, 1) // remove "old"
    f.rows[1]!.secret = false // appSecret becomes plain
    f.rows[1]!.value = 'visible'
    expect(toAccountInput(f, a)).toEqual({
      name: 'main',
      default: true,
      fields: { appKey: 'k', appSecret: 'visible' },
      secrets: { appSecret: '', old: '' },
    })
  })

  it('turns a scheme field stored with the wrong kind into the scheme’s kind', () => {
    const a = stored({ secrets: [{ name: 'username', set: true }] })
    const f = accountForm(a, basic)
    expect(f.rows[0]).toMatchObject({ name: 'username', secret: false, fixed: true })
    f.rows[0]!.value = 'svc'
    expect(toAccountInput(f, a)).toMatchObject({ fields: { username: 'svc' }, secrets: { username: '', password: null } })
  })

  it('refuses a missing name, nameless rows with values and duplicates', () => {
    const f = accountForm(null, exchange)
    expect(() => toAccountInput(f, null)).toThrow(new AccountFormError(-1, 'name'))
    f.name = 'x'
    f.rows.push({ ...f.rows[0]!, name: '', value: 'v', referenced: false })
    expect(() => toAccountInput(f, null)).toThrow(new AccountFormError(2, 'rowName'))
    f.rows[2]!.name = 'appKey'
    expect(() => toAccountInput(f, null)).toThrow(new AccountFormError(2, 'rowDuplicate'))
    f.rows[2]!.name = ''
    f.rows[2]!.value = ''
    expect(() => toAccountInput(f, null)).not.toThrow() // an empty new row is ignored
  })

  it('making an account the default keeps its fields and every secret', () => {
    const a = stored({ default: false, fields: { username: 'svc' }, secrets: [{ name: 'password', set: true }] })
    expect(defaultInput(a)).toEqual({ name: 'main', default: true, fields: { username: 'svc' }, secrets: {} })
  })

  it('names what an account lacks for its scheme', () => {
    expect(missingFields(stored({ fields: { username: 'svc' }, secrets: [{ name: 'password', set: false }] }), basic)).toEqual(['password'])
    expect(missingFields(stored({ fields: { appKey: 'k' } }), exchange)).toEqual(['appSecret'])
    expect(missingFields(stored({ secrets: [{ name: 'token', set: true }] }), { type: 'bearer' })).toEqual([])
  })
})

describe('field errors in the UI language', () => {
  const i18n = createAppI18n('zh-CN')
  const t = (k: string, named?: Record<string, unknown>) => i18n.global.t(k, named ?? {})
  const te = (k: string) => i18n.global.te(k)

  it('maps backend field paths to form fields and rows', () => {
    expect(formField('host')).toEqual({ field: 'host' })
    expect(formField('auth.apiKey.name')).toEqual({ field: 'apiKeyName' })
    expect(formField('auth.tokenExchange.inject.name')).toEqual({ field: 'te.injectName' })
    expect(formField('auth.tokenExchange.refreshWhen.any[1].value')).toEqual({ field: 'te.refreshWhen', row: 1 })
    expect(formField('auth.tokenExchange.body[2]')).toEqual({ field: 'te.body', row: 2 })
    expect(formField('status')).toBeNull()
  })

  it('says a known rule in the locale, and an unknown one as the backend wrote it', () => {
    const host = new ApiError('validation', '"https://x" is not a host: write the host alone', 'host')
    expect(connectionProblem(host, t, te)).toEqual({ field: 'host', text: zhCN.connection.errors.host })
    // domain.ValidateHost's reasons, each to its own text.
    for (const [message, reason, rule] of [
      ['"https://x" starts with a scheme (https://): write the host alone', 'host.scheme', 'hostScheme'],
      ['"a b" contains a space: a host name has none', 'host.space', 'hostSpace'],
      ['"a/b" contains "/": write the host alone', 'host.path', 'hostPath'],
      ['"a_b.c" contains an underscore: a host name holds letters', 'host.underscore', 'hostUnderscore'],
      ['"a..b" has an empty label: two dots in a row', 'host.empty_label', 'hostDots'],
      ['label "-a" of "-a.b" starts or ends with \'-\'', 'host.label_hyphen', 'hostHyphen'],
      ['"a*b" contains "*", which a host name cannot hold', 'host.char', 'hostChar'],
      ['"x" is not a valid international domain name: idna: invalid label', 'host.idn', 'hostIdn'],
    ] as const) {
      const text = zhCN.connection.errors[rule]
      expect(connectionProblem(new ApiError('validation', message, { field: 'host', reason: reason }), t, te), message).toEqual({ field: 'host', text })
    }
    const port = new ApiError('validation', 'port "99999" is not a number from 1 to 65535', { field: 'host', reason: 'host.port', params: { port: '99999' } })
    expect(connectionProblem(port, t, te)?.text).toBe(zhCN.connection.errors.hostPort)
    const taken = new ApiError('conflict', 'connector crm already has a connection "prod"', 'key')
    expect(connectionProblem(taken, t, te)?.text).toBe(zhCN.connection.errors.keyTaken)
    const timeout = new ApiError('validation', 'must be from 1 to 3600 seconds, not 0', { field: 'responseTimeoutSec', reason: 'connection.timeout' })
    expect(connectionProblem(timeout, t, te)).toEqual({ field: 'responseTimeoutSec', text: zhCN.connection.errors.timeout })
    const rule = new ApiError('validation', 'op gt needs a number', { field: 'auth.tokenExchange.refreshWhen.any[0].value', reason: 'condition.number', params: { op: 'gt' } })
    expect(connectionProblem(rule, t, te)).toEqual({ field: 'te.refreshWhen', row: 0, text: zhCN.connection.errors.refreshValue })
    const required = new ApiError('validation', 'is required', { field: 'auth.tokenExchange.tokenPath', reason: 'field.required' })
    expect(connectionProblem(required, t, te)).toEqual({ field: 'te.tokenPath', text: zhCN.connection.errors.required })
    expect(connectionProblem(new ApiError('validation', 'something new', 'basePath'), t, te)?.text).toBe(zhCN.connection.errors.basePath)
    expect(connectionProblem(new ApiError('validation', 'something new', 'auth.tokenExchange.url'), t, te)?.text).toBe('something new')
    const scheme = new ApiError('validation', '"ftp://x/t" is not an http or https URL', { field: 'auth.tokenExchange.url', reason: 'auth.token_url_scheme', params: { url: 'ftp://x/t' } })
    expect(connectionProblem(scheme, t, te)?.text).toContain('「ftp://x/t」不是 http 或 https 地址')
    expect(connectionProblem(new ApiError('rule', 'connector crm is sealed'), t, te)).toBeNull()
    expect(connectionProblem(new FormError('auth.tokenExchange.refreshWhen', 'json'), t, te)?.text).toContain('{"any": [...]}')
  })

  it('places account errors on the name or the row', () => {
    expect(accountProblem(new ApiError('validation', 'is required', { field: 'name', reason: 'field.required' }), t, te)).toEqual({ field: 'name', text: zhCN.connection.errors.required })
    expect(
      accountProblem(
        new ApiError('validation', 'is a secret of the basic scheme: set it as a secret', { field: 'fields.password', reason: 'account.secret_as_plain', params: { scheme: 'basic' } }),
        t,
        te,
      ),
    ).toEqual({ field: 'rows', name: 'password', text: zhCN.connection.errors.fieldIsSecret })
  })
})
