// (d) Switching the language between 简体中文 and English changes the navigation,
// the headers and the table; the choice survives a reload.
import assert from 'node:assert/strict'
import { expectText, navLabels, setLanguage, shot, tableHeaders, tableRow } from './lib/browser.mjs'
import { connection, connector, pkg } from './lib/fixtures.mjs'
import { messages, t } from './lib/i18n.mjs'
import { scenario } from './lib/scenario.mjs'

const s = scenario({
  seed: async ({ store }) => {
    await store.importPackage(
      pkg(
        connector('crm', { name: '客户关系系统', tags: ['sales'], connections: [connection('prod')] }),
        connector('hr', { name: 'HR', description: 'People and departments' }),
      ),
    )
  },
})

/** The key of a zh-CN message, nav.* first: nav items of other areas may keep their label in their own namespace. */
function keyOf(label) {
  const keys = []
  const walk = (node, prefix) => {
    for (const [k, v] of Object.entries(node)) {
      const key = prefix ? `${prefix}.${k}` : k
      if (typeof v === 'string') {
        if (v === label) keys.push(key)
      } else walk(v, key)
    }
  }
  walk(messages['zh-CN'], '')
  return keys.find((k) => k.startsWith('nav.')) ?? keys[0]
}

/** The labels of the nav items the page shows, expected in locale (the nav may grow; all of it is checked). */
function expectedNav(shownInZh, locale) {
  return shownInZh.map((label) => {
    const key = keyOf(label)
    assert.ok(key, `nav item ${label} is a message of zh-CN.json`)
    return t(locale, key)
  })
}

s.test('zh-CN and English switch the nav, the headers and the table', async ({ open }) => {
  const page = await open({ locale: 'zh-CN' })
  await tableRow(page, 'crm').waitFor()
  const zhNav = await navLabels(page)
  assert.ok(zhNav.includes(t('zh-CN', 'nav.connectors')), zhNav.join(', '))
  await expectText(page.locator('.connector-list h1, .connector-list .title').first(), t('zh-CN', 'connectors.title'))
  const zhHeaders = await tableHeaders(page)
  for (const f of ['name', 'key', 'status', 'version']) {
    assert.ok(zhHeaders.includes(t('zh-CN', `connectors.field.${f}`)), `${f} in ${zhHeaders.join(', ')}`)
  }
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN')
  await shot(page, 'connectors-zh')

  await setLanguage(page, 'en')
  await expectText(page.locator('.connector-list'), t('en', 'connectors.title'))
  assert.deepEqual(await navLabels(page), expectedNav(zhNav, 'en'))
  const enHeaders = await tableHeaders(page)
  for (const f of ['name', 'key', 'status', 'version']) {
    assert.ok(enHeaders.includes(t('en', `connectors.field.${f}`)), `${f} in ${enHeaders.join(', ')}`)
  }
  await expectText(page.locator('.statusbar'), t('en', 'status.profile', { name: 'admin' }))
  await shot(page, 'connectors-en')

  await page.reload()
  await tableRow(page, 'crm').waitFor()
  await expectText(page.locator('.connector-list'), t('en', 'connectors.title'))
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en', 'the language survives a reload')

  await page.locator('[data-test=theme]').click()
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark')
  await shot(page, 'connectors-en-dark')
  await page.locator('.n-data-table-tr', { hasText: 'crm' }).click()
  await page.locator('[data-test=detail-name]').waitFor()
  await shot(page, 'connector-detail-en-dark')
  await page.locator('[data-test=theme]').click()

  await setLanguage(page, 'zh-CN')
  await page.locator('.n-breadcrumb-item').first().click()
  await expectText(page.locator('.connector-list'), t('zh-CN', 'connectors.title'))
  assert.deepEqual(await navLabels(page), zhNav)
  assert.deepEqual(await tableHeaders(page), zhHeaders)
})
