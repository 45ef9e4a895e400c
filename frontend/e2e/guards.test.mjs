// (e) Browser mode's guards: the token, the loopback Host (DNS rebinding), the
// loopback listen address, the single-instance lock; and a clean page without
// the token.
import assert from 'node:assert/strict'
import http from 'node:http'
import { expectText, shot } from './lib/browser.mjs'
import { connector, pkg } from './lib/fixtures.mjs'
import { zh } from './lib/i18n.mjs'
import { scenario } from './lib/scenario.mjs'
import { startServe } from './lib/serve.mjs'

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

s.test('the URL carries a 64-hex-digit token and the API wants it', async () => {
  const { port, token } = s.serve
  assert.match(s.serve.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/)
  const ok = await request({ port, headers: { 'X-Junction-Token': token } })
  assert.equal(ok.status, 200)
  assert.equal(ok.json, 'admin')

  for (const headers of [{}, { 'X-Junction-Token': 'x'.repeat(64) }, { 'X-Junction-Token': token.slice(0, 63) }]) {
    const res = await request({ port, headers })
    assert.ok([401, 403].includes(res.status), `status ${res.status}`)
    assert.equal(res.json.code, 'permission')
  }
  const inQuery = await request({ port, path: `/api/Session/Profile?token=${token}` })
  assert.equal(inQuery.status, 401, 'the token belongs in the header, not the URL')
})

s.test('a Host header that is not loopback is refused, token or not', async () => {
  const { port, token } = s.serve
  for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1.evil.example:${port}`]) {
    const api = await request({ port, headers: { Host: host, 'X-Junction-Token': token } })
    assert.equal(api.status, 403, host)
    assert.equal(api.json.code, 'permission')
    const pageRes = await request({ port, method: 'GET', path: '/', headers: { Host: host } })
    assert.equal(pageRes.status, 403, `${host} (page)`)
  }
  for (const host of [`localhost:${port}`, `127.0.0.1:${port}`]) {
    assert.equal((await request({ port, headers: { Host: host, 'X-Junction-Token': token } })).status, 200, host)
  }
  const crossSite = await request({ port, headers: { Origin: 'http://evil.example', 'X-Junction-Token': token } })
  assert.equal(crossSite.status, 403, 'a call from another site')
})

s.test('the page needs no token, and guards itself', async () => {
  const res = await request({ port: s.serve.port, method: 'GET', path: '/' })
  assert.equal(res.status, 200)
  assert.match(res.text, /<div id="app">/)
  assert.match(res.headers['content-security-policy'], /default-src 'self'/)
  assert.equal(res.headers['referrer-policy'], 'no-referrer')
})

s.test('the page keeps the token in sessionStorage and out of the address bar', async ({ open }) => {
  const page = await open()
  assert.equal(new URL(page.url()).searchParams.get('token'), null)
  assert.equal(await page.evaluate(() => sessionStorage.getItem('junction.token')), s.serve.token)
  await page.reload()
  await expectText(page.locator('[data-test=status-profile]'), 'admin')
  await page.locator('.n-data-table-tr', { hasText: 'crm' }).waitFor()
})

s.test('a tab opened without the token says it has no access', async ({ open }) => {
  const page = await open({ withToken: false })
  await expectText(page.locator('.connector-list'), zh('connectors.list.loadFailed'))
  await expectText(page.locator('.connector-list'), zh('errors.code.permission'))
  await shot(page, 'browser-mode-without-token-zh')
})

s.test('file dialogs are refused in browser mode without harming the server', async ({ open }) => {
  const page = await open()
  const { port, token } = s.serve
  const res = await request({ port, path: '/api/Exchange/ExportToFile', headers: { 'X-Junction-Token': token }, body: '[["crm"],""]' })
  assert.equal(res.status, 409)
  assert.equal(res.json.code, 'rule')
  const text = await request({ port, path: '/api/Exchange/Export', headers: { 'X-Junction-Token': token }, body: '[["crm"],""]' })
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
