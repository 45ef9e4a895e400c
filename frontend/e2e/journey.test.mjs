// The whole journey through the UI, on an empty store: a connector from the
// dialog, a connection to the test's remote system from the connection form,
// an interface from the editor (response params bulk-added from a sample, a
// success condition, an unmet message), the test console (ok, then unmet with
// that message, the history, the audit), and sealing the connection, which
// takes it out of the new interface's connection select. Each step checks the
// page and the store (through the CLI).
import assert from 'node:assert/strict'
import { expectText, openConnector, shot, submitConnectorDialog, tableRow } from './lib/browser.mjs'
import { zh } from './lib/i18n.mjs'
import { scenario } from './lib/scenario.mjs'

const s = scenario({ remote: true })

async function tab(page, label) {
  await page.locator('.n-tabs-tab', { hasText: label }).first().click()
}

s.test('connector, connection, interface, test console, seal: the page and the store agree', async ({ open }) => {
  const page = await open({ route: '/connectors', locale: 'zh-CN' })

  // 1a. The connector, from the dialog.
  const dialog = await submitConnectorDialog(page, '订单系统', 'shop')
  await dialog.waitFor({ state: 'hidden' })
  await expectText(page.locator('[data-test=detail-name]'), '订单系统')
  const created = await s.store.json(['connector', 'show', 'shop'])
  assert.equal(created.name, '订单系统')
  assert.equal(created.status, 'active')

  // 1b. The connection, from the form: http, the remote's host, UTF-8, no auth.
  await tab(page, zh('connectors.field.connections'))
  await page.locator('[data-test=connection-new]').click()
  const drawer = page.locator('[data-test=connection-drawer]')
  await drawer.waitFor()
  await drawer.locator('[data-test=conn-name] input').fill('本地')
  await drawer.locator('[data-test=conn-key] input').fill('local')
  await drawer.locator('[data-test=conn-protocol] .n-radio-button', { hasText: 'HTTP' }).first().click()
  await drawer.locator('[data-test=conn-host] input').fill(s.remote.host)
  await expectText(drawer.locator('[data-test=conn-preview]'), `http://${s.remote.host}`)
  await expectText(drawer.locator('[data-test=conn-charset]'), 'UTF-8')
  await expectText(drawer.locator('[data-test=conn-auth]'), zh('auth.none'))
  await shot(page, 'journey-connection-form')
  await drawer.locator('[data-test=save]').click()
  await expectText(page.locator('.n-message'), zh('connection.created', { name: '本地' }))
  await drawer.locator('[data-test=close]').click()
  await drawer.waitFor({ state: 'hidden' })
  await expectText(tableRow(page, 'local'), s.remote.host)
  await shot(page, 'journey-connections')
  const conn = (await s.store.json(['connector', 'show', 'shop'])).connectionList.find((c) => c.key === 'local')
  assert.ok(conn, 'the store has the connection')
  assert.deepEqual(
    { protocol: conn.protocol, host: conn.host, charset: conn.charset, auth: conn.auth?.type, status: conn.status },
    { protocol: 'http', host: s.remote.host, charset: 'UTF-8', auth: 'none', status: 'active' },
  )

  // 2. The interface GET /data, from the editor.
  await tab(page, zh('connectors.field.interfaces'))
  await page.locator('[data-test=new-interface]').first().click()
  await page.locator('[data-test=iface-editor]').waitFor()
  await expectText(page.locator('[data-test=iface-connection]'), '本地')
  await page.locator('[data-test=iface-name] input').fill('查询数据')
  await page.locator('[data-test=iface-key] input').fill('get-data')
  await page.locator('[data-test=iface-path] input').fill('/data')

  // Response params from a pasted sample, then a richer one merged into them.
  await page.locator('[data-test=tab-response]').click()
  await page.locator('[data-test=bulk-add]').click()
  await page.locator('[data-test=bulk-sample] textarea').fill('{"code":0,"msg":"ok"}')
  await expectText(page.locator('[data-test=bulk-preview]'), 'msg')
  await page.locator('[data-test=bulk-apply]').click()
  await page.locator('[data-test=bulk-dialog]').waitFor({ state: 'detached' })
  await page.locator('[data-test=response] [data-name=msg]').waitFor()
  await page.locator('[data-test=bulk-add]').click()
  await page.locator('[data-test=bulk-merge]').click()
  await page.locator('[data-test=bulk-sample] textarea').fill(JSON.stringify({ code: 0, msg: 'ok', data: { id: 42, name: 'Alice' } }, null, 2))
  await expectText(page.locator('[data-test=bulk-preview]'), 'data')
  await shot(page, 'journey-bulk-merge')
  await page.locator('[data-test=bulk-apply]').click()
  await page.locator('[data-test=bulk-dialog]').waitFor({ state: 'detached' })
  await page.locator('[data-test=response] [data-name=data]').waitFor()

  // The condition: the "HTTP 200" preset, then response.code = 0 from the builder.
  await page.locator('[data-test=tab-success]').click()
  await page.locator('[data-test=preset-ok]').click()
  await page.locator('[data-test=add-rule]').first().click()
  const second = page.locator('[data-test=cond-rule]').nth(1)
  await second.waitFor()
  await second.locator('[data-test=cond-field]').click()
  await page.keyboard.type('response.code')
  await page.keyboard.press('Enter')
  await expectText(second.locator('[data-test=cond-field]'), 'response.code')
  await second.locator('[data-test=cond-value] input').fill('0')
  await expectText(page.locator('[data-test=cond-summary]'), 'response.code = 0')
  await expectText(page.locator('[data-test=cond-summary]'), 'status = 200')
  await page.locator('.messages .msg-input textarea').first().fill('下单失败：{{response.msg}}')
  await shot(page, 'journey-condition')
  await page.locator('[data-test=save]').click()
  await page.waitForFunction(() => location.hash.endsWith('/interfaces/get-data'))
  await page.locator('[data-test=dirty]').waitFor({ state: 'detached' })
  const saved = await s.store.json(['interface', 'show', 'shop/get-data'])
  assert.equal(saved.method, 'GET')
  assert.equal(saved.path, '/data')
  assert.equal(saved.connection ?? saved.connectionKey, 'local', JSON.stringify(Object.keys(saved)))
  assert.deepEqual(saved.response.map((p) => p.name), ['code', 'msg', 'data'])
  assert.deepEqual(saved.success, { all: [{ field: 'status', op: 'eq', value: 200 }, { field: 'response.code', op: 'eq', value: 0 }] })
  assert.equal(saved.messages.unmet, '下单失败：{{response.msg}}')

  // 3. The test console: ok, then unmet with the configured message.
  await page.locator('[data-test=open-test]').click()
  await page.waitForFunction(() => location.hash.endsWith('/interfaces/get-data/test'))
  await expectText(page.locator('[data-test=console-title]'), '查询数据')
  s.remote.ok()
  await page.locator('[data-test=send]').click()
  await expectText(page.locator('[data-test=result] [data-test=verdict]'), zh('console.verdict.ok'))
  await expectText(page.locator('[data-test=result] [data-test=status]'), 'HTTP 200')
  assert.equal(s.remote.requests.length, 1)
  assert.equal(s.remote.requests[0].method, 'GET')
  assert.equal(s.remote.requests[0].url, '/data')
  await shot(page, 'journey-console-ok')

  s.remote.broken()
  await page.locator('[data-test=send]').waitFor()
  await page.waitForFunction(() => !document.querySelector('[data-test=send]')?.disabled)
  await page.keyboard.press('Control+Enter')
  await expectText(page.locator('[data-test=result] [data-test=verdict]'), zh('console.verdict.unmet'))
  await expectText(page.locator('[data-test=result] [data-test=message]'), '下单失败：boom')
  await expect2(page)
  await shot(page, 'journey-console-unmet')
  assert.equal(s.remote.requests.length, 2)

  const audit = await s.store.json(['audit', '--connector', 'shop'])
  const tests = audit.filter((e) => e.action === 'interface.test')
  assert.equal(tests.length, 2, JSON.stringify(audit.map((e) => e.action)))
  assert.ok(tests.every((e) => e.actor === 'admin'))

  // 4. Seal the connection from the Connections tab; a new interface does not offer it.
  await openConnector(page, 'shop')
  await tab(page, zh('connectors.field.connections'))
  await page.locator('[data-test=seal-local]').click()
  await page.locator('.n-dialog button', { hasText: zh('connection.actions.seal') }).click()
  await expectText(page.locator('.n-message'), zh('connection.seal.done', { name: '本地' }))
  await expectText(tableRow(page, 'local'), zh('status.sealed'))
  await shot(page, 'journey-sealed')
  const sealed = (await s.store.json(['connector', 'show', 'shop'])).connectionList.find((c) => c.key === 'local')
  assert.equal(sealed.status, 'sealed')

  await tab(page, zh('connectors.field.interfaces'))
  await page.locator('[data-test=new-interface]').first().click()
  await page.locator('[data-test=iface-editor]').waitFor()
  // With no active connection left, the select has no options (and renders collapsed): it says so.
  await expectText(page.locator('.n-form-item', { has: page.locator('[data-test=iface-connection]') }), zh('iface.field.sealedHidden', { n: 1 }))
  assert.ok(!(await page.locator('[data-test=iface-connection]').innerText()).includes('本地'), 'the sealed connection is not chosen')
  await page.locator('[data-test=iface-connection]').click()
  await page.locator('.n-base-select-menu').waitFor()
  assert.equal(await page.locator('.n-base-select-option', { hasText: '本地' }).count(), 0, 'the sealed connection is not offered')
  await page.keyboard.press('Escape')
  await shot(page, 'journey-new-interface-sealed')
})

/** expect2 waits until the history lists the two calls, newest first. */
async function expect2(page) {
  const items = page.locator('[data-test=history] .item')
  await page.waitForFunction(() => document.querySelectorAll('[data-test=history] .item').length === 2, null, { timeout: 10_000 })
  await expectText(items.nth(0).locator('[data-test=verdict]'), zh('console.verdict.unmet'))
  await expectText(items.nth(1).locator('[data-test=verdict]'), zh('console.verdict.ok'))
  await expectText(items.nth(0), '下单失败：boom')
}
