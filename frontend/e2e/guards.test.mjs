// (e) Browser mode's guards: the one-time sign-in code and the session cookie,
// the loopback Host (DNS rebinding), the Origin, the loopback listen address,
// the single-instance lock; and a clean page for a browser not signed in.
import assert from 'node:assert/strict'
import http from 'node:http'
import { expectText, shot } from './lib/browser.mjs'
import { connector, pkg } from './lib/fixtures.mjs'
import { zh } from './lib/i18n.mjs'
import { scenario } from './lib/scenario.mjs'
import { startServe } from './lib/serve.mjs'
import { tempStore } from './lib/store.mjs'

const s = scenario({
  seed: async ({ store }) => {
    await store.importPackage(pkg(connector('crm', { name: 'CRM' })))
  },
})

/** request sends one raw HTTP request (node http sets any Host header) and resolves with status, headers, body. */
function request({ port, method = 'POST', path = '/api/Session/Profile', headers = {}, body = '[]' }) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (d) => (text += d))
      res.on('end', () => {
        let json
        try {
          json = JSON.parse(text)
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode, headers: res.headers, text, json })
      })
    })
    req.on('error', reject)
    req.end(method === 'GET' ? undefined : body)
  })
}

/** signedIn are the headers of a call the page makes: the session cookie and its Origin. */
async function signedIn() {
  const c = await s.serve.session()
  return { Cookie: `${c.name}=${c.value}`, Origin: s.serve.origin }
}

s.test('the URL carries a one-time code, never the token, and the API wants the session', async () => {
  const { port } = s.serve
  assert.match(s.serve.url, /^http:\/\/127\.0\.0\.1:\d+\/\?code=[0-9a-f]{64}$/)
  const headers = await signedIn()
  const cookie = s.serve.cookie()
  assert.ok(!s.serve.url.includes(cookie.value), 'the printed URL does not hold the session token')
  assert.ok(!s.serve.stderr().includes(cookie.value), 'nor does the terminal')
  const ok = await request({ port, headers })
  assert.equal(ok.status, 200)
  assert.equal(ok.json, 'admin')

  const again = await request({ port, method: 'GET', path: `/?code=${s.serve.code}` })
  assert.equal(again.status, 401, 'the code works once')
  assert.equal(again.headers['set-cookie'], undefined)

  for (const h of [
    {},
    { Origin: s.serve.origin },
    { Cookie: `${cookie.name}=${'x'.repeat(64)}`, Origin: s.serve.origin },
    { Cookie: headers.Cookie }, // no Origin: not a page's call
    { 'X-Junction-Token': s.serve.code },
  ]) {
    const res = await request({ port, headers: h })
    assert.ok([401, 403].includes(res.status), `status ${res.status} for ${JSON.stringify(h)}`)
    assert.equal(res.json.code, 'permission')
  }
  const inQuery = await request({ port, path: `/api/Session/Profile?token=${cookie.value}` })
  assert.equal(inQuery.status, 401, 'the token is not read from the URL')
})

s.test('a Host header that is not loopback is refused, signed in or not', async () => {
  const { port } = s.serve
  const headers = await signedIn()
  for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1.evil.example:${port}`]) {
    const api = await request({ port, headers: { ...headers, Host: host } })
    assert.equal(api.status, 403, host)
    assert.equal(api.json.code, 'permission')
    const pageRes = await request({ port, method: 'GET', path: '/', headers: { Host: host } })
    assert.equal(pageRes.status, 403, `${host} (page)`)
  }
  for (const host of [`localhost:${port}`, `127.0.0.1:${port}`]) {
    assert.equal((await request({ port, headers: { ...headers, Host: host } })).status, 200, host)
  }
  const crossSite = await request({ port, headers: { ...headers, Origin: 'http://evil.example' } })
  assert.equal(crossSite.status, 403, 'a call from another site')
  const otherPort = await request({ port, headers: { ...headers, Origin: 'http://127.0.0.1:1' } })
  assert.equal(otherPort.status, 403, 'a call from a page of another port on 127.0.0.1 (the same site for SameSite)')
})

s.test('the page needs no token, and guards itself', async () => {
  const res = await request({ port: s.serve.port, method: 'GET', path: '/' })
  assert.equal(res.status, 200)
  assert.match(res.text, /<div id="app">/)
  assert.match(res.headers['content-security-policy'], /default-src 'self'/)
  assert.equal(res.headers['referrer-policy'], 'no-referrer')
})

s.test('the sign-in link sets an HttpOnly cookie and leaves the address bar clean', async () => {
  // A server of its own: the scenario's code is spent already.
  const store = await tempStore()
  const serve = await startServe(store)
  const context = await s.browser.newContext()
  try {
    const page = await context.newPage()
    await page.goto(`${serve.url}#/connectors`)
    await expectText(page.locator('[data-test=status-profile]'), 'admin')
    const url = new URL(page.url())
    assert.equal(url.search, '', 'the code left the address bar')
    assert.equal(url.hash, '#/connectors', 'the route survived the redirect')
    const [cookie] = await context.cookies(serve.origin)
    assert.equal(cookie.httpOnly, true)
    assert.equal(cookie.sameSite, 'Strict')
    assert.equal(cookie.path, '/')
    assert.equal(await page.evaluate(() => document.cookie), '', 'the page cannot read the cookie')
    assert.equal(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.includes('token')).length), 0)
    await page.reload()
    await expectText(page.locator('[data-test=status-profile]'), 'admin')

    const other = await s.browser.newContext()
    const late = await other.newPage()
    const res = await late.goto(serve.url)
    assert.equal(res.status(), 401, 'another browser cannot reuse the link')
    assert.match(await late.content(), /already used or has expired/)
    await other.close()
  } finally {
    await context.close()
    assert.equal(await serve.stop(), 0)
    await store.remove()
  }
})

s.test('a browser that never signed in says it has no access', async ({ open }) => {
  const page = await open({ signedIn: false })
  await expectText(page.locator('.connector-list'), zh('connectors.list.loadFailed'))
  await expectText(page.locator('.connector-list'), zh('errors.code.permission'))
  await shot(page, 'browser-mode-without-token-zh')
})

s.test('file dialogs are refused in browser mode without harming the server', async ({ open }) => {
  const page = await open()
  const { port } = s.serve
  const headers = await signedIn()
  const res = await request({ port, path: '/api/Exchange/ExportToFile', headers, body: '[["crm"],""]' })
  assert.equal(res.status, 409)
  assert.equal(res.json.code, 'rule')
  const text = await request({ port, path: '/api/Exchange/Export', headers, body: '[["crm"],""]' })
  assert.equal(text.status, 200)
  assert.equal(JSON.parse(text.json).connectors[0].key, 'crm')
  await page.reload()
  await page.locator('.n-data-table-tr', { hasText: 'crm' }).waitFor()
})

s.test('serve listens on loopback only and once per store; the CLI works beside it', async () => {
  for (const addr of ['0.0.0.0:0', ':0', '192.0.2.1:8080']) {
    const r = await s.store.cli(['serve', '--no-open', '--addr', addr])
    assert.equal(r.code, 2, `${addr}: ${r.stderr}`)
    assert.match(r.stderr, /loopback/)
  }
  await assert.rejects(startServe(s.store), /exited with 6/, 'a second serve on the same store is refused')
  const second = await s.store.cli(['serve', '--no-open'])
  assert.equal(second.code, 6)
  assert.match(second.stderr, /already open/)
  assert.equal((await s.store.cli(['connector', 'list', '--json'])).code, 0)
})
