import { describe, expect, it } from 'vitest'
import type { ProbeResult } from '@/api/connection'
import { expiryTone, firstFailure, steps, tokenExpiry, warnings } from './check'

function result(over: Partial<ProbeResult> = {}): ProbeResult {
  const ok = { status: 'ok', ms: 1, host: 'h' }
  return {
    ok: true,
    url: 'https://h/open',
    proxy: '',
    dns: { ...ok, addresses: ['10.0.0.5'] },
    tcp: ok,
    http: { ...ok, method: 'HEAD', path: '/open/', statusCode: 200, statusText: '200 OK', server: '' },
    totalMs: 5,
    tls: {
      ...ok,
      version: 'TLS 1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      skipVerify: false,
      verified: true,
      chain: [{ subject: 'CN=h', issuer: 'CN=ca', sans: ['h'], notBefore: '', notAfter: '', daysLeft: 200, selfSigned: false, sha256: 'AA' }],
      clientCertRequested: false,
      clientCertSent: false,
    },
    ...over,
  }
}

describe('check results', () => {
  it('lists the steps in the order they ran', () => {
    expect(steps(result()).map((s) => s.name)).toEqual(['dns', 'tcp', 'tls', 'http'])
    expect(steps(result({ tls: undefined, tunnel: { status: 'ok', ms: 1, host: 'h:443' } })).map((s) => s.name)).toEqual([
      'dns',
      'tcp',
      'tunnel',
      'http',
    ])
  })

  it('names the first failure: a certificate file before the steps, verification after them', () => {
    const r = result({ ok: false })
    r.tcp = { status: 'failed', ms: 1, host: 'h:443', reason: 'refused', error: 'connection refused by h:443' }
    expect(firstFailure(r)).toEqual({ where: 'tcp', reason: 'refused', error: 'connection refused by h:443' })
    r.tls!.clientCert = { path: '/c.p12', loaded: false, error: 'wrong password', notAfter: '', daysLeft: 0 }
    expect(firstFailure(r)?.where).toBe('clientCert')

    const unverified = result({ ok: false })
    unverified.tls!.verified = false
    unverified.tls!.verifyReason = 'unknownAuthority'
    expect(firstFailure(unverified)).toMatchObject({ where: 'verify', reason: 'unknownAuthority' })
    unverified.tls!.skipVerify = true
    expect(firstFailure(unverified)).toBeNull()
    expect(warnings(unverified)).toEqual([{ kind: 'skipVerify' }])
  })

  it('warns of certificates that expire within 30 days', () => {
    const r = result()
    r.tls!.chain[0]!.daysLeft = 12
    expect(warnings(r)).toEqual([{ kind: 'expiresSoon', days: 12 }])
    expect(expiryTone(-1)).toBe('error')
    expect(expiryTone(12)).toBe('warning')
    expect(expiryTone(90)).toBe('success')
  })

  it('names a failed token request once the server answered, and dates a token found', () => {
    const step = {
      request: { method: 'POST', url: 'https://h/token', headers: {}, body: '' },
      status: 200, responseHeaders: {}, responseBody: '{}', ms: 4, tokenPath: 'data.token',
      tokenFound: true, expiresInSec: 7200, expiresFrom: 'answer',
    }
    const good = result({ token: step })
    expect(firstFailure(good)).toBeNull()
    expect(tokenExpiry(good, new Date('2026-12-02T08:00:00Z'))?.toISOString()).toBe('2026-12-02T10:00:00.000Z')

    const bad = result({ ok: false, token: { ...step, tokenFound: false, error: 'without a token at data.token' } })
    expect(firstFailure(bad)).toEqual({ where: 'token', reason: 'tokenFailed', error: 'without a token at data.token' })
    expect(tokenExpiry(bad, new Date())).toBeNull()
    // A step before it that failed comes first.
    bad.tcp = { status: 'failed', ms: 1, host: 'h:443', reason: 'refused', error: 'refused' }
    expect(firstFailure(bad)?.where).toBe('tcp')
  })
})
