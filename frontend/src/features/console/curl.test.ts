import { describe, expect, it } from 'vitest'
import { hasRedacted } from './curl'

// The command itself is written by the backend: backend/invoke/curl_test.go runs it with bash and curl.
describe('hasRedacted', () => {
  it('says when the request carries a redacted secret', () => {
    const req = {
      method: 'POST',
      url: 'https://h/p?api_key=[redacted]',
      headers: { Authorization: '[redacted]', 'X-Trace': 'ok' },
      body: 'user=ann&password=[redacted]',
    }
    expect(hasRedacted(req)).toBe(true)
    expect(hasRedacted({ ...req, url: 'https://h/p', body: '', headers: { Authorization: '[redacted]' } })).toBe(true)
    expect(hasRedacted({ method: 'GET', url: 'http://h/', headers: { A: 'b' }, body: '' })).toBe(false)
  })
})
