// (a) Create a connector through the UI: the dialog, a field error for a bad key
// in the UI's language, then success; the connector is in the list and in the store.
import assert from 'node:assert/strict'
import { expectText, shot, submitConnectorDialog, tableRow } from './lib/browser.mjs'
import { en, zh } from './lib/i18n.mjs'
import { scenario } from './lib/scenario.mjs'

const s = scenario()

s.test('creates a connector through the dialog after a field error in Chinese', async ({ open }) => {
  const page = await open()
  await expectText(page.locator('.connector-list'), zh('connectors.empty.title'))
  await shot(page, 'connectors-empty-zh')

  const dialog = await submitConnectorDialog(page, '客户关系系统', 'Bad Key!')
  await expectText(dialog.locator('.n-form-item-feedback'), zh('errors.field.validation.key'))
  await shot(page, 'connector-create-key-error-zh')
  assert.deepEqual(await s.store.json(['connector', 'list']), [], 'nothing was created')

  await dialog.locator('[data-test=key] input').fill('crm')
  await dialog.locator('[data-test=description] textarea').fill('客户主数据')
  await dialog.locator('[data-test=submit]').click()
  await dialog.waitFor({ state: 'hidden' })
  await expectText(page.locator('[data-test=detail-name]'), '客户关系系统')
  await expectText(page.locator('.n-message'), zh('connectors.create.created', { name: '客户关系系统' }))
  await shot(page, 'connector-detail-new-zh')

  await page.locator('.n-breadcrumb-item').first().click()
  await tableRow(page, 'crm').waitFor()
  await expectText(tableRow(page, 'crm'), '客户关系系统')
  await shot(page, 'connectors-list-zh')

  const list = await s.store.json(['connector', 'list'])
  assert.deepEqual(
    list.map(({ key, name, status, connections, interfaces, version }) => ({ key, name, status, connections, interfaces, version })),
    [{ key: 'crm', name: '客户关系系统', status: 'active', connections: 0, interfaces: 0, version: '1.0.0' }],
  )
  const shown = await s.store.json(['connector', 'show', 'crm'])
  assert.equal(shown.description, '客户主数据')
  assert.equal(shown.owner, 'admin')
  assert.equal(shown.createdBy, 'admin')
  const audit = await s.store.json(['audit', '--connector', 'crm'])
  assert.deepEqual(audit.map((e) => [e.action, e.actor]), [['connector.create', 'admin']])
})

s.test('shows the field error in English, and a taken key as a conflict', async ({ open }) => {
  const page = await open({ locale: 'en' })
  await tableRow(page, 'crm').waitFor()
  await page.locator('[data-test=create]').click()
  const dialog = page.locator('.connector-dialog')
  await dialog.locator('[data-test=name] input').fill('Billing')
  await dialog.locator('[data-test=key] input').fill('-billing')
  await dialog.locator('[data-test=submit]').click()
  await expectText(dialog.locator('.n-form-item-feedback'), en('errors.field.validation.key'))
  await shot(page, 'connector-create-key-error-en')

  await dialog.locator('[data-test=key] input').fill('crm')
  await dialog.locator('[data-test=submit]').click()
  await expectText(dialog.locator('.n-form-item-feedback'), en('errors.field.conflict.key'))
  assert.equal((await s.store.json(['connector', 'list'])).length, 1, 'the taken key created nothing')

  await dialog.locator('[data-test=key] input').fill('billing')
  await dialog.locator('[data-test=submit]').click()
  await expectText(page.locator('[data-test=detail-name]'), 'Billing')
  const keys = (await s.store.json(['connector', 'list'])).map((c) => c.key).sort()
  assert.deepEqual(keys, ['billing', 'crm'])
})
