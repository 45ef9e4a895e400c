// Issue 8, points 9, 15, 17, 18 as a user meets them: number fields keep what
// was typed and say the range, a certificate path with no file is saved with a
// warning, host mistakes are named, a profile password is typed twice, the
// audit diff speaks in field labels, 动作流 and the empty connections tab say
// what exists. Screenshots in both languages and both themes.
import assert from 'node:assert/strict'
import { expectText, shot } from './lib/browser.mjs'
import { connection, connector, pkg } from './lib/fixtures.mjs'
import { en, looks, zh } from './lib/i18n.mjs'
import { scenario } from './lib/scenario.mjs'

const s = scenario({
  user: 'admin',
  seed: async ({ store }) => {
    await store.importPackage(
      pkg(
        connector('crm', { name: '客户关系系统', connections: [connection('prod', { name: '生产环境', protocol: 'https', host: 'crm.example.com' })] }),
        connector('empty', { name: '空连接器' }),
      ),
    )
  },
})
const tr = (locale) => (locale === 'en' ? en : zh)
/** The stored connection, as `junction connector show --json` prints it. */
async function storedConnection(key) {
  const c = await s.store.json(['connector', 'show', 'crm'])
  return c.connectionList.find((x) => x.key === key)
}

s.test('动作流 opens the flow list, whose empty state says what a flow is and offers 新建动作流', async ({ open }) => {
  for (const { locale, theme } of looks) {
    const page = await open({ route: '/flows', locale, theme })
    const t = tr(locale)
    await expectText(page.locator('[data-test=flows-empty]'), t('flows.empty.title'))
    await expectText(page.locator('[data-test=flows-empty]'), t('flows.create'))
    await shot(page, `flows-${locale}-${theme}`)
    await page.close()
  }
})

s.test('the empty connections tab names the formats this build imports', async ({ open }) => {
  for (const { locale, theme } of looks) {
    const page = await open({ route: '/connectors/empty', locale, theme })
    await expectText(page.locator('[data-test=conn-import-formats]'), tr(locale)('connection.empty.format.package'))
    await shot(page, `connections-empty-${locale}-${theme}`)
    await page.close()
  }
})

s.test('a timeout out of range stays as typed with the range error; a missing CA file saves with a warning', async ({ open }) => {
  for (const { locale, theme } of looks) {
    const t = tr(locale)
    const before = await storedConnection('prod')
    const page = await open({ route: '/connectors/crm', locale, theme })
    await page.locator('[data-test=edit-prod]').click()
    const drawer = page.locator('[data-test=connection-drawer]')
    const timeout = drawer.locator('[data-test=conn-connect-timeout] input')
    await timeout.fill('0')
    await timeout.blur()
    assert.equal(await timeout.inputValue(), '0', 'not clamped to 1')
    await expectText(drawer, t('connection.errors.timeout'))
    await timeout.fill('99999')
    await timeout.blur()
    assert.equal(await timeout.inputValue(), '99999', 'not clamped to 3600')
    await shot(page, `conn-timeout-range-${locale}-${theme}`)
    await drawer.locator('[data-test=save]').click()
    const stored = await storedConnection('prod')
    assert.equal(stored.connectTimeoutSec, before.connectTimeoutSec, 'the out-of-range value was not saved')

    await timeout.fill('30')
    await timeout.blur()
    const host = drawer.locator('[data-test=conn-host] input')
    await host.fill('crm_01.example.com')
    await drawer.locator('[data-test=save]').click()
    await expectText(drawer, t('connection.errors.hostUnderscore'))
    await shot(page, `conn-host-underscore-${locale}-${theme}`)
    await host.fill('crm.example.com')

    const ca = `/nonexistent/${locale}-${theme}-ca.pem`
    await drawer.locator('[data-test=conn-ca-cert] input').fill(ca)
    await drawer.locator('[data-test=save]').click()
    await expectText(drawer, t('connection.warnings.certMissing'))
    const saved = await storedConnection('prod')
    assert.equal(saved.tls.caCertPath, ca, 'saved despite the missing file')
    assert.equal(saved.connectTimeoutSec, 30)
    await shot(page, `conn-cert-warning-${locale}-${theme}`)
    await page.close()
  }
})

s.test('the operation log shows field labels, the path on hover', async ({ open }) => {
  for (const { locale, theme } of looks) {
    const t = tr(locale)
    const page = await open({ route: '/audit', locale, theme })
    const table = page.locator('[data-test=audit-table]')
    await table.locator('.n-data-table-expand-trigger').first().click()
    const field = page.locator('[data-test=diff-field]', { hasText: `TLS › ${t('audit.label.caCertPath')}` }).first()
    await field.waitFor()
    assert.equal(await field.getAttribute('title'), 'tls.caCertPath')
    await shot(page, `audit-labels-${locale}-${theme}`)
    await page.close()
  }
})

s.test('a new profile password is typed twice', async ({ open }) => {
  for (const { locale, theme } of looks) {
    const t = tr(locale)
    const page = await open({ route: '/users', locale, theme })
    await page.locator('[data-test=add-user]').click()
    await page.locator('[data-test=user-name] input').fill(`p-${locale}-${theme}`.toLowerCase())
    await page.locator('[data-test=user-password] input').fill('s3cret')
    await page.locator('[data-test=user-password-confirm] input').fill('s3cre')
    await page.locator('[data-test=user-submit]').click()
    await expectText(page.locator('.n-modal'), t('users.password.mismatch'))
    await shot(page, `user-password-twice-${locale}-${theme}`)
    const users = await s.store.json(['user', 'list'])
    assert.ok(!users.some((u) => u.name === `p-${locale}-${theme}`.toLowerCase()), 'not added')
    await page.close()
  }
})
