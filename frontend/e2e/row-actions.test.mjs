// The connector centre's row actions: the menu offers what the rules allow
// (a disabled delete that says why for a connector with a connection), seals after a confirmation,
// and deletes an empty connector after a confirmation that names it.
import assert from 'node:assert/strict'
import { expectText, shot, tableRow } from './lib/browser.mjs'
import { connection, connector, pkg } from './lib/fixtures.mjs'
import { zh } from './lib/i18n.mjs'
import { scenario } from './lib/scenario.mjs'

const s = scenario({
  seed: async ({ store }) => {
    await store.importPackage(
      pkg(
        connector('crm', { name: '客户关系系统', connections: [connection('prod', { name: '生产环境' })] }),
        connector('scratch', { name: '草稿连接器' }),
      ),
    )
  },
})

/** menuItems opens a row's action menu and returns its item labels. */
async function menuItems(page, key) {
  await page.locator(`[data-test=row-actions-${key}]`).click()
  const menu = page.locator('.n-dropdown-menu')
  await menu.waitFor()
  return (await menu.locator('.n-dropdown-option').allInnerTexts()).map((x) => x.trim())
}

s.test('the row menu offers what the rules allow, seals and deletes', async ({ open }) => {
  const page = await open({ route: '/connectors' })
  await tableRow(page, 'crm').waitFor()

  const crm = await menuItems(page, 'crm')
  assert.ok(crm.includes(zh('connectors.seal.action')), crm.join(','))
  assert.ok(crm.includes(zh('connectors.actions.export')), crm.join(','))
  // Delete is there, disabled, with what stands in the way.
  const blocked = page.locator('.n-dropdown-option-body--disabled [data-test=delete-blocked]')
  await expectText(blocked, zh('connectors.delete.blocked', { what: zh('connectors.delete.connections', { n: 1 }) }))
  await shot(page, 'connectors-row-actions-zh')

  await page.locator('.n-dropdown-option', { hasText: zh('connectors.seal.action') }).click()
  const dialog = page.locator('.n-dialog')
  await expectText(dialog, zh('connectors.seal.confirm', { name: '客户关系系统' }))
  await dialog.getByRole('button', { name: zh('connectors.seal.action') }).click()
  await expectText(page.locator('.n-message'), zh('connectors.seal.done', { name: '客户关系系统' }))
  await expectText(tableRow(page, 'crm'), zh('status.sealed'))
  const list = await s.store.json(['connector', 'list'])
  assert.equal(list.find((c) => c.key === 'crm').status, 'sealed')

  const scratch = await menuItems(page, 'scratch')
  assert.ok(scratch.includes(zh('connectors.delete.action')), scratch.join(','))
  await page.locator('.n-dropdown-option', { hasText: zh('connectors.delete.action') }).click()
  await expectText(dialog, zh('connectors.delete.confirm', { name: '草稿连接器', key: 'scratch' }))
  await dialog.getByRole('button', { name: zh('connectors.delete.action') }).click()
  await expectText(page.locator('.n-message'), zh('connectors.delete.done', { name: '草稿连接器' }))
  await page.waitForFunction(() => !document.body.innerText.includes('scratch'), null, { timeout: 10_000 })
  const after = await s.store.json(['connector', 'list'])
  assert.deepEqual(after.map((c) => c.key), ['crm'])
})
