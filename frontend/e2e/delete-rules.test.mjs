// (b) Delete rules of the connector centre: a connector with a connection shows
// a disabled delete saying what must go first (and the bridge refuses one anyway); an empty connector is
// deleted after a confirmation that names it.
import assert from 'node:assert/strict'
import { bridge, expectNone, expectText, openConnector, shot, tableRow } from './lib/browser.mjs'
import { connection, connector, pkg } from './lib/fixtures.mjs'
import { zh } from './lib/i18n.mjs'
import { scenario } from './lib/scenario.mjs'

/** The connector's own actions, in the detail's header (connections and interfaces have theirs). */
const actions = '.connector-detail .header-card .actions'

const s = scenario({
  seed: async ({ store }) => {
    await store.importPackage(
      pkg(
        connector('crm', { name: '客户关系系统', connections: [connection('prod', { name: '生产环境' })] }),
        connector('scratch', { name: '草稿连接器', description: '还没有连接信息和接口' }),
      ),
    )
  },
})

s.test('a connector with a connection shows a disabled delete that says why', async ({ open }) => {
  const page = await open({ route: '/connectors/crm' })
  await expectText(page.locator('[data-test=detail-name]'), '客户关系系统')
  await expectText(page.locator('.connector-detail'), '生产环境')
  await page.locator(`${actions} [data-test=edit]`).waitFor()
  await page.locator(`${actions} [data-test=seal]`).waitFor()
  assert.equal(await page.locator(`${actions} button[data-test=delete]`).isDisabled(), true)
  await page.locator(`${actions} [data-test=delete-blocked]`).hover()
  await expectText(page.locator('.n-tooltip'), zh('connectors.delete.blocked', { what: zh('connectors.delete.connections', { n: 1 }) }))
  await shot(page, 'connector-detail-with-connection-zh')

  // Past the UI, the bridge refuses with the rule.
  const res = await bridge(page, 'Connectors', 'Delete', ['crm'])
  assert.equal(res.status, 409)
  assert.equal(res.body.code, 'rule')
  assert.equal((await s.store.json(['connector', 'show', 'crm'])).connections, 1)
})

s.test('an empty connector is deleted after a confirmation that names it', async ({ open }) => {
  const page = await open({ route: '/connectors/scratch' })
  await expectText(page.locator('[data-test=detail-name]'), '草稿连接器')
  await page.locator(`${actions} [data-test=delete]`).click()

  const dialog = page.locator('.n-dialog')
  await expectText(dialog, zh('connectors.delete.title'))
  await expectText(dialog, zh('connectors.delete.confirm', { name: '草稿连接器', key: 'scratch' }))
  await shot(page, 'connector-delete-confirm-zh')

  // Cancel keeps it.
  await dialog.getByRole('button', { name: zh('common.cancel') }).click()
  await dialog.waitFor({ state: 'hidden' })
  assert.equal((await s.store.json(['connector', 'show', 'scratch'])).key, 'scratch')

  await page.locator(`${actions} [data-test=delete]`).click()
  await dialog.getByRole('button', { name: zh('connectors.delete.action') }).click()
  await expectText(page.locator('.n-message'), zh('connectors.delete.done', { name: '草稿连接器' }))
  await tableRow(page, 'crm').waitFor()
  await expectNone(page, '.n-data-table-tr:has-text("scratch")')
  await shot(page, 'connectors-after-delete-zh')

  const gone = await s.store.cli(['connector', 'show', 'scratch'])
  assert.equal(gone.code, 5, 'not found')
  assert.deepEqual((await s.store.json(['connector', 'list'])).map((c) => c.key), ['crm'])
  const audit = await s.store.json(['audit', '--action', 'connector.delete'])
  assert.equal(audit.length, 1)
  assert.equal(audit[0].actor, 'admin')
})

s.test('an opened connector that another door deleted says so', async ({ open }) => {
  // The CLI deletes while the page shows the list; the detail then reports it missing.
  const page = await open()
  await tableRow(page, 'crm').waitFor()
  await s.store.importPackage(pkg(connector('temp', { name: 'Temp' })))
  assert.equal((await s.store.cli(['connector', 'delete', 'temp'])).code, 0)
  await openConnector(page, 'crm')
  await page.evaluate(() => (window.location.hash = '#/connectors/temp'))
  await expectText(page.locator('.connector-detail'), zh('connectors.detail.notFound'))
})
