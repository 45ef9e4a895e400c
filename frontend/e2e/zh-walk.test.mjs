// Issue 9: everything the UI shows from the backend is in the UI's language.
// A walk over the main screens in zh-CN (connector centre, a connector, its
// connection drawer, the check-connection dialog on a reachable and an
// unreachable connection, the interface editor, the console with a call that
// succeeds, one unmet and one that fails, its history list, the operation
// log, settings, users) fails on any English sentence outside code
// and data (lib/english.mjs says what counts).
import assert from 'node:assert/strict'
import { bridge, expectText, shot } from './lib/browser.mjs'
import { englishSentences } from './lib/english.mjs'
import { connection, connector, iface } from './lib/fixtures.mjs'
import { t, zh } from './lib/i18n.mjs'
import { remoteScenario } from './lib/scenario.mjs'

const s = remoteScenario((remote) =>
  connector('crm', {
    name: '客户关系系统',
    description: '客户与联系人',
    tags: ['销售'],
    connections: [
      connection('local', { name: '本地', host: remote.host }),
      // Nothing listens on port 1: the check and a call fail, and say why.
      connection('down', { name: '停机', host: '127.0.0.1:1' }),
    ],
    interfaces: [
      iface('get-user', 'local', {
        name: '查询用户',
        request: [{ name: 'id', in: 'query', type: 'integer', required: true, source: { kind: 'input' }, description: '用户编号' }],
        response: [{ name: 'code', type: 'integer', path: 'code', description: '结果码' }],
      }),
      iface('get-down', 'down', { name: '停机查询' }),
    ],
  }),
)

// English found per screen; the walk goes on to the end so one run names every screen's.
const english = {}

/** noEnglish notes every English sentence the page shows on screen. */
async function noEnglish(page, screen) {
  const found = await englishSentences(page)
  await shot(page, `zh-walk-${screen}`)
  if (found.length) english[screen] = found
}

s.test('the main screens speak Chinese, the backend parts too', async ({ open }) => {
  const page = await open({ route: '/connectors', locale: 'zh-CN' })
  await page.locator('.n-data-table-tr', { hasText: 'crm' }).waitFor()
  await noEnglish(page, 'connectors')

  await page.evaluate(() => (window.location.hash = '#/connectors/crm'))
  await page.locator('[data-test=detail-name]').waitFor()
  await page.locator('[data-test=edit-local]').waitFor()
  await noEnglish(page, 'connector')
  await page.locator('.n-tabs-tab', { hasText: zh('connectors.field.interfaces') }).click()
  await page.locator('.n-data-table-tr', { hasText: 'get-user' }).waitFor()
  await noEnglish(page, 'connector-interfaces')

  await page.locator('.n-tabs-tab', { hasText: zh('connectors.field.connections') }).click()
  // Check connection: the steps and, for one that fails, the backend's detail lines.
  const dialog = page.locator('[data-test=check-dialog]')
  for (const key of ['local', 'down']) {
    await page.locator(`[data-test=check-${key}]`).click()
    await dialog.locator('[data-test=check-summary]').waitFor()
    await noEnglish(page, `check-${key}`)
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
  }
  await page.locator('[data-test=edit-local]').click()
  const drawer = page.locator('[data-test=connection-drawer]')
  await drawer.locator('[data-test=conn-host] input').waitFor()
  await noEnglish(page, 'connection-drawer')
  await drawer.locator('[data-test=close]').click()
  await drawer.waitFor({ state: 'hidden' })

  await page.evaluate(() => (window.location.hash = '#/connectors/crm/interfaces/get-user'))
  await page.locator('[data-test=iface-head-band]').waitFor()
  await noEnglish(page, 'interface-editor')

  await page.evaluate(() => (window.location.hash = '#/connectors/crm/interfaces/get-user/test'))
  await expectText(page.locator('[data-test=console-title]'), '查询用户')
  await page.locator('[data-field="id"] input').fill('7')
  await page.locator('[data-test=send]').click()
  await expectText(page.locator('[data-test=result] [data-test=verdict]'), zh('console.verdict.ok'))
  await noEnglish(page, 'console')
  // An unmet call: the verdict's explanation comes from the backend.
  s.remote.broken()
  await page.waitForFunction(() => !document.querySelector('[data-test=send]')?.disabled)
  await page.locator('[data-test=send]').click()
  await expectText(page.locator('[data-test=result] [data-test=verdict]'), zh('console.verdict.unmet'))
  await noEnglish(page, 'console-unmet')
  // The history list says each row's message in Chinese too.
  await page.locator('.n-tabs-tab', { hasText: zh('console.history.title') }).click()
  await page.locator('[data-test=history] .item').nth(1).waitFor()
  await noEnglish(page, 'console-history')

  // A call that cannot be made: the cause comes from the backend's classification.
  await page.evaluate(() => (window.location.hash = '#/connectors/crm/interfaces/get-down/test'))
  await expectText(page.locator('[data-test=console-title]'), '停机查询')
  await page.locator('[data-test=send]').click()
  await expectText(page.locator('[data-test=result] [data-test=verdict]'), zh('console.verdict.error'))
  await noEnglish(page, 'console-error')

  await page.evaluate(() => (window.location.hash = '#/audit'))
  const table = page.locator('[data-test=audit-table]')
  await table.locator('.n-data-table-tr', { hasText: 'get-user' }).first().waitFor()
  await noEnglish(page, 'audit')
  await table.locator('.n-data-table-expand-trigger').first().click()
  await page.locator('[data-test=diff-field], .extra, .none').first().waitFor()
  await noEnglish(page, 'audit-details')

  await page.evaluate(() => (window.location.hash = '#/settings'))
  await page.locator('[data-test=settings-body-cap]').waitFor()
  await noEnglish(page, 'settings')

  await page.evaluate(() => (window.location.hash = '#/users'))
  await page.locator('[data-test=users-table] .n-data-table-tr', { hasText: 'admin' }).first().waitFor()
  await noEnglish(page, 'users')

  // Import (browser mode reads the chosen file): a file that is not a package, and a package whose
  // connector is already here, are refused with the backend's reason in Chinese.
  await page.evaluate(() => (window.location.hash = '#/connectors'))
  await page.locator('.n-data-table-tr', { hasText: 'crm' }).waitFor()
  const exported = await bridge(page, 'Exchange', 'Export', [['crm'], ''])
  assert.equal(exported.status, 200)
  const files = [
    { screen: 'import-not-json', name: 'notes.json', text: 'this is not a package' },
    { screen: 'import-conflict', name: 'crm.junction.json', text: exported.body },
  ]
  for (const { screen, name, text } of files) {
    const chooser = page.waitForEvent('filechooser')
    await page.locator('[data-test=import]').click()
    await (await chooser).setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) })
    await page.locator('.n-message').first().waitFor()
    await noEnglish(page, screen)
    await page.locator('.n-message').first().waitFor({ state: 'detached', timeout: 15_000 })
  }

  assert.deepEqual(english, {}, 'English sentences on screens in zh-CN')
})

s.test('the check finds English where there is some: the English UI', async ({ open }) => {
  const page = await open({ route: '/connectors', locale: 'en' })
  await page.locator('.n-data-table-tr', { hasText: 'crm' }).waitFor()
  const found = await englishSentences(page)
  assert.ok(found.some((f) => f.includes(t('en', 'connectors.subtitle'))), found.join('\n'))
})
