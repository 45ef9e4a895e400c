import { describe, expect, it } from 'vitest'
import { buildCurl, hasRedacted, shellQuote } from './curl'

describe('shellQuote', () => {
  it('leaves plain words bare and single-quotes the rest', () => {
    expect(shellQuote('https://a.example/x?y=1')).toBe("'https://a.example/x?y=1'")
    expect(shellQuote('abc-1.2_3')).toBe('abc-1.2_3')
    expect(shellQuote('')).toBe("''")
    expect(shellQuote('a b')).toBe("'a b'")
    expect(shellQuote('$HOME `id` "x"')).toBe(`'$HOME \`id\` "x"'`)
  })

  it("closes, escapes and reopens around a single quote", () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`)
  })
})

describe('buildCurl', () => {
  it('writes a GET without -X, headers sorted, Host and Content-Length left to curl', () => {
    const cmd = buildCurl({
      method: 'GET',
      url: 'http://127.0.0.1:8080/api/users/7?lang=zh_CN',
      headers: { 'X-Trace': 't1', Accept: 'application/json', Host: '127.0.0.1:8080', 'Content-Length': '0' },
      body: '',
    })
    expect(cmd).toBe(
      ["curl 'http://127.0.0.1:8080/api/users/7?lang=zh_CN'", "-H 'Accept: application/json'", "-H 'X-Trace: t1'"].join(' \\\n  '),
    )
  })

  it('keeps a Host header that differs from the URL', () => {
    const cmd = buildCurl({ method: 'GET', url: 'http://10.0.0.5/x', headers: { Host: 'hr.corp' }, body: '' })
    expect(cmd).toContain("-H 'Host: hr.corp'")
  })

  it('writes the method and the body, quoted byte for byte', () => {
    const body = `{"name":"O'Brien","note":"line1\nline2 $x"}`
    const cmd = buildCurl({ method: 'post', url: 'https://h/p', headers: { 'Content-Type': 'application/json; charset=UTF-8' }, body })
    expect(cmd.split(' \\\n  ')).toEqual([
      "curl -X POST 'https://h/p'",
      "-H 'Content-Type: application/json; charset=UTF-8'",
      `--data-raw '{"name":"O'\\''Brien","note":"line1\nline2 $x"}'`,
    ])
  })

  it('uses --head for HEAD and -X for a GET with a body', () => {
    expect(buildCurl({ method: 'HEAD', url: 'http://h/', headers: {}, body: '' })).toBe("curl --head 'http://h/'")
    expect(buildCurl({ method: 'GET', url: 'http://h/', headers: {}, body: 'q' })).toContain('-X GET')
    expect(buildCurl({ method: 'DELETE', url: 'http://h/', headers: {}, body: '' })).toContain('-X DELETE')
  })

  it('never holds a secret: redacted values stay redacted, and it says so', () => {
    const req = {
      method: 'POST',
      url: 'https://h/p?api_key=[redacted]',
      headers: { Authorization: '[redacted]', 'X-Trace': 'ok' },
      body: 'user=ann&password=[redacted]',
    }
    const cmd = buildCurl(req)
    expect(cmd).toContain("-H 'Authorization: [redacted]'")
    expect(cmd).toContain("'https://h/p?api_key=[redacted]'")
    expect(cmd).toContain("--data-raw 'user=ann&password=[redacted]'")
    expect(hasRedacted(req)).toBe(true)
    expect(hasRedacted({ method: 'GET', url: 'http://h/', headers: { A: 'b' }, body: '' })).toBe(false)
  })
})
