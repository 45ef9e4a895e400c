import { describe, expect, it } from 'vitest'
import type { ConnectionView } from '@/api'
import type { AuthType, Condition } from '@/api/connection'
import {
  accountRefs,
  baseURL,
  certificatesDropped,
  emptyForm,
  formFrom,
  FormError,
  localProblems,
  numberProblems,
  parseCondValue,
  simpleRows,
  splitURL,
  toInput,
  visibility,
  type ConnectionForm,
} from './form'
import { secretInput } from './secret'

function view(over: Partial<ConnectionView> = {}): ConnectionView {
  return {
    id: 'c1',
    connectorId: 'x',
    key: 'prod',
    name: 'Production',
    description: '',
    resourceType: 'REST',
    protocol: 'https',
    host: 'api.example.com:8443',
    basePath: '/open',
    charset: 'GBK',
    connectTimeoutSec: 10,
    responseTimeoutSec: 30,
    tls: { skipVerify: false, clientCertPath: '/certs/client.p12', caCertPath: '/certs/ca.pem' },
    proxy: 'none',
    auth: { type: 'none' },
    status: 'active',
    createdAt: '2026-11-23T08:00:00Z',
    createdBy: 'alice',
    updatedAt: '2026-11-23T08:00:00Z',
    updatedBy: 'alice',
    clientCertPasswordSet: true,
    interfaces: 0,
    accounts: [],
    ...over,
  }
}

function form(over: Partial<ConnectionForm> = {}): ConnectionForm {
  return { ...emptyForm(), key: 'prod', host: 'api.example.com', ...over }
}

describe('visibility', () => {
  it('shows TLS only for https, and the certificates only while verification is on', () => {
    expect(visibility(form({ protocol: 'http' }))).toMatchObject({ tls: false, certificates: false })
    expect(visibility(form({ protocol: 'https' }))).toMatchObject({ tls: true, certificates: true })
    expect(visibility(form({ protocol: 'https', skipVerify: true }))).toMatchObject({ tls: true, certificates: false })
    // Skip verification left on from https does not bring the section back on http.
    expect(visibility(form({ protocol: 'http', skipVerify: true }))).toMatchObject({ tls: false, certificates: false })
  })

  it('shows each auth scheme its own settings', () => {
    const seen = (authType: AuthType) => {
      const v = visibility(form({ authType }))
      return { apiKey: v.apiKey, tokenExchange: v.tokenExchange, accounts: v.accounts }
    }
    expect(seen('none')).toEqual({ apiKey: false, tokenExchange: false, accounts: false })
    expect(seen('basic')).toEqual({ apiKey: false, tokenExchange: false, accounts: true })
    expect(seen('apiKey')).toEqual({ apiKey: true, tokenExchange: false, accounts: true })
    expect(seen('bearer')).toEqual({ apiKey: false, tokenExchange: false, accounts: true })
    expect(seen('appCode')).toEqual({ apiKey: false, tokenExchange: false, accounts: true })
    expect(seen('tokenExchange')).toEqual({ apiKey: false, tokenExchange: true, accounts: true })
  })

  it('shows the proxy URL, the expiry path and the refresh editors by their modes', () => {
    expect(visibility(form({ proxyMode: 'system' })).proxyUrl).toBe(false)
    expect(visibility(form({ proxyMode: 'url' })).proxyUrl).toBe(true)
    const te = form({ authType: 'tokenExchange' })
    expect(visibility(te)).toMatchObject({ expiresInPath: true, ttl: true, refreshRows: false, refreshJson: false })
    te.te.expiry = 'ttl'
    te.te.refreshMode = 'simple'
    expect(visibility(te)).toMatchObject({ expiresInPath: false, ttl: true, refreshRows: true, refreshJson: false })
    te.te.refreshMode = 'json'
    expect(visibility(te)).toMatchObject({ refreshRows: false, refreshJson: true })
    // Not a token exchange: none of its parts.
    expect(visibility(form({ authType: 'basic' }))).toMatchObject({ expiresInPath: false, ttl: false, refreshRows: false })
  })
})

describe('toInput', () => {
  it('sends an http connection without TLS settings and clears a stored certificate password', () => {
    const f = formFrom(view())
    f.protocol = 'http'
    const input = toInput(f)
    expect(input.protocol).toBe('http')
    expect(input.tls).toEqual({ skipVerify: false, clientCertPath: '', caCertPath: '' })
    expect(input.clientCertPassword).toBe('')
  })

  it('keeps, replaces or clears the certificate password: null, text, ""', () => {
    const f = formFrom(view())
    expect(f.certPassword).toEqual({ set: true, action: 'keep', value: '' })
    expect(toInput(f).clientCertPassword).toBeNull()

    f.certPassword.action = 'replace'
    f.certPassword.value = 'n3w'
    expect(toInput(f).clientCertPassword).toBe('n3w')

    f.certPassword.value = ''
    expect(toInput(f).clientCertPassword).toBeNull() // an empty replacement changes nothing

    f.certPassword.action = 'clear'
    expect(toInput(f).clientCertPassword).toBe('')
  })

  it('drops what skipping verification hides: the client certificate, its password and the CA bundle', () => {
    const f = formFrom(view())
    expect(certificatesDropped(f)).toBe(false)
    f.skipVerify = true
    expect(certificatesDropped(f)).toBe(true)
    const input = toInput(f)
    expect(input.tls).toEqual({ skipVerify: true, clientCertPath: '', caCertPath: '' })
    expect(input.clientCertPassword).toBe('')
    // The form still holds them: turning verification back on before saving restores them.
    f.skipVerify = false
    expect(toInput(f).tls).toEqual({ skipVerify: false, clientCertPath: '/certs/client.p12', caCertPath: '/certs/ca.pem' })
    expect(toInput(f).clientCertPassword).toBeNull()
  })

  it('sends nothing for a password that was never set', () => {
    const f = form({ protocol: 'https', skipVerify: true })
    expect(toInput(f).clientCertPassword).toBeNull()
    const g = form({ protocol: 'https', clientCertPath: '/c.p12' })
    g.certPassword.value = 'pw'
    expect(toInput(g).clientCertPassword).toBe('pw')
    g.clientCertPath = ''
    expect(toInput(g).clientCertPassword).toBeNull() // no certificate: the typed password goes nowhere
  })

  it('trims, defaults the timeouts and writes the proxy by its mode', () => {
    const input = toInput(
      form({ key: ' prod ', host: ' 10.0.0.5:8080 ', connectTimeoutSec: null, responseTimeoutSec: 12.4, proxyMode: 'url', proxyUrl: ' http://p:3128 ' }),
    )
    expect(input).toMatchObject({ key: 'prod', host: '10.0.0.5:8080', connectTimeoutSec: 60, responseTimeoutSec: 12, proxy: 'http://p:3128' })
    expect(toInput(form({ proxyMode: 'system', proxyUrl: 'http://ignored' })).proxy).toBe('system')
  })

  it('sends only the chosen scheme’s settings', () => {
    const f = form({ authType: 'apiKey', apiKeyName: ' X-Key ', apiKeyIn: 'query' })
    f.te.url = '/oauth/token'
    expect(toInput(f).auth).toEqual({ type: 'apiKey', apiKey: { name: 'X-Key', in: 'query' } })
    f.authType = 'bearer'
    expect(toInput(f).auth).toEqual({ type: 'bearer' })
  })

  it('builds a token exchange: rows, expiry, refresh rules and injection', () => {
    const f = form({ authType: 'tokenExchange' })
    Object.assign(f.te, {
      method: 'post',
      url: ' /oauth/token ',
      bodyType: 'form',
      body: [
        { key: 'appKey', value: '{{account.appKey}}' },
        { key: 'grant', value: 'client_credentials' },
        { key: '', value: '' }, // an empty row is ignored
      ],
      headers: [{ key: 'X-Tenant', value: 't1' }],
      tokenPath: 'data.token',
      expiry: 'path',
      expiresInPath: 'data.expires_in',
      ttlSec: 3600,
      refreshMode: 'simple',
      refreshJoin: 'any',
      refreshRows: [
        { field: 'response.errcode', op: 'in', value: '40001, 42001' },
        { field: 'response.msg', op: 'contains', value: 'expired' },
        { field: 'response.token', op: 'empty', value: 'ignored' },
      ],
      injectIn: 'query',
      injectName: 'access_token',
      injectPrefix: '',
    })
    expect(toInput(f).auth).toEqual({
      type: 'tokenExchange',
      tokenExchange: {
        method: 'POST',
        url: '/oauth/token',
        bodyType: 'form',
        headers: { 'X-Tenant': 't1' },
        body: { appKey: '{{account.appKey}}', grant: 'client_credentials' },
        tokenPath: 'data.token',
        expiresInPath: 'data.expires_in',
        ttlSec: 3600,
        refreshWhen: {
          any: [
            { field: 'response.errcode', op: 'in', value: [40001, 42001] },
            { field: 'response.msg', op: 'contains', value: 'expired' },
            { field: 'response.token', op: 'empty' },
          ],
        },
        inject: { in: 'query', name: 'access_token', prefix: '' },
      },
    })
    f.te.expiry = 'ttl'
    f.te.refreshMode = 'none'
    const te = toInput(f).auth.tokenExchange!
    expect(te.expiresInPath).toBeUndefined()
    expect(te.ttlSec).toBe(3600)
    expect(te.refreshWhen).toBeUndefined()
  })

  it('refuses rows and JSON it cannot read, naming the field', () => {
    const f = form({ authType: 'tokenExchange' })
    f.te.body = [{ key: '', value: 'x' }]
    expect(() => toInput(f)).toThrow(new FormError('auth.tokenExchange.body[0]', 'rowKey'))
    f.te.body = [
      { key: 'a', value: '1' },
      { key: 'a', value: '2' },
    ]
    expect(() => toInput(f)).toThrow(new FormError('auth.tokenExchange.body[1]', 'rowDuplicate'))
    f.te.body = []
    f.te.refreshMode = 'json'
    f.te.refreshJson = '{"any": ['
    expect(() => toInput(f)).toThrow(new FormError('auth.tokenExchange.refreshWhen', 'json'))
    f.te.refreshJson = '{"any": [{"field": "status", "op": "eq", "value": 403}]}'
    expect(toInput(f).auth.tokenExchange!.refreshWhen).toEqual({ any: [{ field: 'status', op: 'eq', value: 403 }] })
  })
})

describe('formFrom', () => {
  it('reads a stored token exchange back into the form, keeping non-string body values', () => {
    const f = formFrom(
      view({
        proxy: 'http://proxy:8080',
        auth: {
          type: 'tokenExchange',
          tokenExchange: {
            method: 'POST',
            url: '/token',
            bodyType: 'json',
            body: { appKey: '{{account.appKey}}', scope: ['a', 'b'] },
            tokenPath: 'token',
            ttlSec: 600,
            refreshWhen: { any: [{ field: 'response.errcode', op: 'eq', value: 40001 }] },
            inject: { in: 'header', name: 'X-Token', prefix: '' },
          },
        },
      }),
    )
    expect(f.proxyMode).toBe('url')
    expect(f.proxyUrl).toBe('http://proxy:8080')
    expect(f.te.expiry).toBe('ttl')
    expect(f.te.body).toEqual([
      { key: 'appKey', value: '{{account.appKey}}' },
      { key: 'scope', value: '["a","b"]', raw: true },
    ])
    expect(f.te.refreshMode).toBe('simple')
    expect(f.te.refreshRows).toEqual([{ field: 'response.errcode', op: 'eq', value: '40001' }])
    // Saving unchanged gives back what was stored.
    expect(toInput(f).auth.tokenExchange).toMatchObject({
      body: { appKey: '{{account.appKey}}', scope: ['a', 'b'] },
      ttlSec: 600,
      refreshWhen: { any: [{ field: 'response.errcode', op: 'eq', value: 40001 }] },
    })
  })

  it('leaves a nested condition as JSON', () => {
    const nested: Condition = { all: [{ field: 'status', op: 'eq', value: 200 }, { any: [{ field: 'response.code', op: 'eq', value: 1 }] }] }
    expect(simpleRows(nested)).toBeNull()
    const f = formFrom(
      view({
        auth: {
          type: 'tokenExchange',
          tokenExchange: { method: 'POST', url: '/t', bodyType: 'json', tokenPath: 't', refreshWhen: nested, inject: { in: 'header', name: 'A', prefix: '' } },
        },
      }),
    )
    expect(f.te.refreshMode).toBe('json')
    expect(JSON.parse(f.te.refreshJson)).toEqual(nested)
    expect(toInput(f).auth.tokenExchange!.refreshWhen).toEqual(nested)
  })
})

describe('helpers', () => {
  it('parses rule values for their op', () => {
    expect(parseCondValue('eq', '40001')).toBe(40001)
    expect(parseCondValue('eq', 'ok')).toBe('ok')
    expect(parseCondValue('eq', 'true')).toBe(true)
    expect(parseCondValue('contains', '123')).toBe('123')
    expect(parseCondValue('in', 'a, 2,, b')).toEqual(['a', 2, 'b'])
    expect(parseCondValue('notEmpty', 'x')).toBeUndefined()
  })

  it('lists the account fields a token exchange reads, once each', () => {
    const f = emptyForm()
    f.te.url = '/token?tenant={{ account.tenant }}'
    f.te.body = [
      { key: 'appKey', value: '{{account.appKey}}' },
      { key: 'sign', value: '{{account.appSecret}}-{{account.appKey}}' },
    ]
    expect(accountRefs(f.te)).toEqual(['tenant', 'appKey', 'appSecret'])
    expect(accountRefs({ method: 'POST', url: '', bodyType: 'json', tokenPath: '', body: { a: { b: '{{account.nested}}' } }, inject: { in: 'header', name: 'A', prefix: '' } })).toEqual(['nested'])
  })

  it('shows the base URL', () => {
    expect(baseURL({ protocol: 'https', host: 'api.x.com', basePath: 'open/' })).toBe('https://api.x.com/open')
    expect(baseURL({ protocol: 'http', host: '', basePath: '' })).toBe('http://…')
  })

  it('secret drafts: stored ones are kept, missing ones wait for a value', () => {
    expect(secretInput({ set: true, action: 'keep', value: '' })).toBeNull()
    expect(secretInput({ set: false, action: 'replace', value: '' })).toBeNull()
    expect(secretInput({ set: false, action: 'replace', value: 's' })).toBe('s')
    expect(secretInput({ set: false, action: 'clear', value: '' })).toBeNull()
    expect(secretInput({ set: true, action: 'clear', value: 'typed' })).toBe('')
  })
})

describe('before asking the backend', () => {
  it('finds every obvious mistake at once', () => {
    const f = form({ key: 'Bad Key', host: 'https://api.x.com/open', proxyMode: 'url', proxyUrl: '' })
    expect(localProblems(f, true)).toEqual([new FormError('key', 'key'), new FormError('host', 'hostScheme'), new FormError('proxy', 'required')])
    expect(localProblems(form({ key: '', host: '' }), true)).toEqual([new FormError('key', 'required'), new FormError('host', 'required')])
    // The key of an existing connection is fixed: not checked again.
    expect(localProblems(form({ key: 'Legacy Key' }), false)).toEqual([])
    expect(localProblems(form({ key: 'prod', host: '[::1]:8443' }), true)).toEqual([])
  })

  it('refuses out-of-range timeouts and a negative token lifetime instead of clamping them', () => {
    expect(numberProblems(form({}))).toEqual({})
    expect(numberProblems(form({ connectTimeoutSec: 1, responseTimeoutSec: 3600 }))).toEqual({})
    for (const bad of [0, -1, 3601, 99999, 2.5]) {
      expect(numberProblems(form({ connectTimeoutSec: bad })), String(bad)).toEqual({ connectTimeoutSec: 'timeout' })
    }
    expect(numberProblems(form({ responseTimeoutSec: null }))).toEqual({ responseTimeoutSec: 'required' })
    const te = form({ authType: 'tokenExchange' })
    te.te.ttlSec = -5
    expect(numberProblems(te)).toEqual({ 'te.ttlSec': 'ttl' })
    te.te.ttlSec = null // optional
    expect(numberProblems(te)).toEqual({})
    // The save is refused with the field named, not sent as 1 or 3600.
    expect(localProblems(form({ connectTimeoutSec: 0, responseTimeoutSec: 99999 }), false)).toEqual([
      new FormError('connectTimeoutSec', 'timeout'),
      new FormError('responseTimeoutSec', 'timeout'),
    ])
  })

  it('says what is wrong with a host: scheme, space, path, underscore, double dot', () => {
    const rule = (host: string) => localProblems(form({ host }), false).find((p) => p.field === 'host')?.rule ?? null
    expect(rule('https://api.x.com')).toBe('hostScheme')
    expect(rule('api x.com')).toBe('hostSpace')
    expect(rule('api.x.com/open')).toBe('hostPath')
    expect(rule('erp_01.corp')).toBe('hostUnderscore')
    expect(rule('api..x.com')).toBe('hostDots')
    expect(rule('api.x.com.')).toBe('hostDots')
    for (const ok of ['api.x.com:8443', '[::1]:8080', '10.0.0.5', '中文.example', 'bücher.example:443']) expect(rule(ok), ok).toBeNull()
  })

  it('names the missing settings of the chosen scheme only', () => {
    const f = form({ authType: 'tokenExchange', apiKeyName: '' })
    f.te.injectName = ''
    expect(localProblems(f, false).map((p) => p.field)).toEqual([
      'auth.tokenExchange.url',
      'auth.tokenExchange.tokenPath',
      'auth.tokenExchange.inject.name',
    ])
    f.authType = 'apiKey'
    expect(localProblems(f, false)).toEqual([new FormError('auth.apiKey.name', 'required')])
  })

  it('splits a pasted URL into protocol, host and base path', () => {
    expect(splitURL('https://hr.corp:8443/open/api/?x=1')).toEqual({ protocol: 'https', host: 'hr.corp:8443', basePath: '/open/api' })
    expect(splitURL('HTTP://10.0.0.5')).toEqual({ protocol: 'http', host: '10.0.0.5', basePath: '' })
    expect(splitURL('hr.corp:8443')).toBeNull()
  })
})
