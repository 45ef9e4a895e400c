// (c) A viewer profile (connectors.view, a view grant on one connector) sees no
// edit, seal, delete or new controls; a crafted bridge call as the viewer is
// refused with code permission and changes nothing.
import assert from 'node:assert/strict'
import { bridge, expectNone, expectText, shot, tableRow } from './lib/browser.mjs'
import { connection, connector, pkg } from './lib/fixtures.mjs'
import { zh } from './lib/i18n.mjs'
import { scenario } from './lib/scenario.mjs'

const s = scenario({
  user: 'viewer',
  seed: async ({ store }) => {
    await store.importPackage(
      pkg(
        connector('crm', { name: '客户关系系统', connections: [connection('prod', { name: '生产环境' })] }),
        connector('payroll', { name: '薪资系统' }),
      ),
    )
    await store.addUser('viewer', ['connectors.view'], { crm: 'view' })
  },
})

s.test('the list offers the viewer no new connector and only what the store lets it see', async ({ open }) => {
  const page = await open()
  await tableRow(page, 'crm').waitFor()
  await expectNone(page, '[data-test=create]')
  await expectNone(page, '[data-test=create-first]')
  const seen = await page.locator('.n-data-table-tbody .n-data-table-tr').count()
  const asViewer = await s.store.json(['connector', 'list'], { user: 'viewer' })
  assert.equal(seen, asViewer.length, 'the page lists what `connector list` lists for the viewer')
  assert.ok(asViewer.some((c) => c.key === 'crm'))
  await shot(page, 'viewer-connectors-zh')
})

s.test('the detail offers the viewer no edit, seal or delete', async ({ open }) => {
  const page = await open({ route: '/connectors/crm' })
  await expectText(page.locator('[data-test=detail-name]'), '客户关系系统')
  await expectText(page.locator('.connector-detail'), '生产环境')
  await expectText(page.locator('.connector-detail .meta'), zh('access.view'))
  for (const control of ['edit', 'seal', 'unseal', 'delete']) {
    await expectNone(page, `[data-test=${control}]`)
  }
  // Nor any other button that would change something, however it is marked.
  const words = ['common.edit', 'connectors.seal.action', 'connectors.unseal.action', 'connectors.delete.action'].map((k) => zh(k))
  const buttons = (await page.locator('.content button').allTextContents()).map((b) => b.trim())
  const changing = buttons.filter((b) => words.some((w) => b.includes(w)) || b.startsWith('新建'))
  assert.deepEqual(changing, [], `buttons: ${buttons.join(', ')}`)
  await expectText(page.locator('[data-test=status-profile]'), 'viewer')
  await shot(page, 'viewer-connector-detail-zh')
})

s.test('a crafted bridge call as the viewer is refused and changes nothing', async ({ open }) => {
  const page = await open()
  await tableRow(page, 'crm').waitFor()
  const before = await s.store.json(['connector', 'show', 'crm'])

  const seal = await bridge(page, 'Connectors', 'Seal', ['crm'])
  assert.equal(seal.status, 403)
  assert.equal(seal.body.code, 'permission')
  assert.ok(seal.body.message, 'the refusal says why')

  const remove = await bridge(page, 'Connectors', 'Delete', ['crm'])
  assert.equal(remove.body.code, 'permission')
  const create = await bridge(page, 'Connectors', 'Create', [{ key: 'sneaky', name: 'Sneaky', version: '1.0.0' }])
  assert.equal(create.body.code, 'permission')
  const grant = await bridge(page, 'Connectors', 'Grant', ['crm', 'viewer', 'maintain'])
  assert.equal(grant.body.code, 'permission')

  const after = await s.store.json(['connector', 'show', 'crm'])
  assert.equal(after.status, 'active')
  assert.equal(after.updatedAt, before.updatedAt)
  assert.deepEqual((await s.store.json(['connector', 'list'])).map((c) => c.key).sort(), ['crm', 'payroll'])
  const audit = await s.store.json(['audit'])
  assert.ok(!audit.some((e) => e.actor === 'viewer'), 'the viewer changed nothing')
})
