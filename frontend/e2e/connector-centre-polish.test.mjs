// The connector centre as a new user met it (issue 8): tags added with Enter
// are all saved, a Chinese name gets a pinyin key, delete says what stands in
// the way, interfaces have a delete of their own, sealing says what it blocks,
// and the tables fit a 1280×800 window with relative times and full-text tooltips.
import assert from 'node:assert/strict'
import { expectText, shot, tableRow } from './lib/browser.mjs'
import { connection, connector, iface } from './lib/fixtures.mjs'
import { en, zh } from './lib/i18n.mjs'
import { seededScenario } from './lib/scenario.mjs'

const longDescription = '对接集团客户关系系统的客户、联系人、商机和合同接口，供销售、客服和财务三个部门的动作流共同使用，字段很多'
const longPath = '/api/v2/customers/contacts/opportunities/history/list-by-page'

const s = seededScenario(
  connector('crm', {
    name: '客户关系系统',
    description: longDescription,
    tags: ['销售', '客服', '财务共享中心'],
    connections: [connection('prod', { name: '生产环境' })],
    interfaces: [
      iface('get-customer', 'prod', { name: '查询客户' }),
      iface('list-opportunity-history', 'prod', { name: '查询联系人的商机历史记录（分页）', path: longPath }),
    ],
  }),
  connector('hr', { name: 'Beisen HR', tags: ['HR'], connections: [connection('test', { name: '测试环境' })] }),
  connector('scratch', { name: '草稿连接器', description: '还没有连接信息和接口' }),
)

const desktop = { width: 1280, height: 800 }
const actions = '.connector-detail .header-card .actions'
const dialog = (page) => page.locator('.connector-dialog')
// The e2e i18n helper fills placeholders only; English plurals pick their form here.
const one = (msg) => msg.split(' | ')[0]
const many = (msg) => msg.split(' | ').at(-1)

async function addTag(page, tag) {
  await dialog(page).locator('[data-test=tags]').click()
  await page.keyboard.type(tag)
  await page.keyboard.press('Enter')
}

/** fitsWidth: the table is no wider than its body, so it does not scroll sideways. */
async function fitsWidth(table) {
  return table.locator('.n-data-table-base-table-body').first().evaluate((body) => {
    const t = body.querySelector('table')
    return !!t && t.offsetWidth <= body.clientWidth + 1
  })
}

s.test('tags added with Enter are all saved, and a Chinese name gets a pinyin key', async ({ open }) => {
  const page = await open({ route: '/connectors' })
  await page.setViewportSize(desktop)
  await page.locator('[data-test=create]').click()
  await dialog(page).locator('[data-test=name] input').fill('钉钉开放平台')
  assert.equal(await dialog(page).locator('[data-test=key] input').inputValue(), 'ding-ding-kai-fang-ping-tai')

  await addTag(page, '办公')
  await addTag(page, 'IM')
  // Enter in the tag input only added the tag: the dialog is still open, nothing was created.
  await expectText(dialog(page).locator('[data-test=tags]'), '办公')
  await expectText(dialog(page).locator('[data-test=tags]'), 'IM')
  assert.equal((await s.store.json(['connector', 'list'])).length, 3)
  await shot(page, 'polish-dialog-tags-zh')

  // Enter in a plain text field submits.
  await dialog(page).locator('[data-test=version] input').press('Enter')
  await page.locator('[data-test=detail-name]').waitFor()
  const created = await s.store.json(['connector', 'show', 'ding-ding-kai-fang-ping-tai'])
  assert.deepEqual(created.tags, ['办公', 'IM'])

  // Editing: a third tag with Enter, then Ctrl+Enter from the tag input saves all three.
  await page.locator(`${actions} [data-test=edit]`).click()
  await dialog(page).waitFor()
  await addTag(page, '钉钉')
  await expectText(dialog(page).locator('[data-test=tags]'), '钉钉')
  assert.equal(await dialog(page).isVisible(), true)
  await page.keyboard.press('Control+Enter')
  await dialog(page).waitFor({ state: 'hidden' })
  assert.deepEqual((await s.store.json(['connector', 'show', 'ding-ding-kai-fang-ping-tai'])).tags, ['办公', 'IM', '钉钉'])
})

s.test('delete says what stands in the way; an interface is deleted from its row menu', async ({ open }) => {
  const page = await open({ route: '/connectors' })
  await page.setViewportSize(desktop)
  await tableRow(page, 'crm').waitFor()
  const reason = zh('connectors.delete.blockedBoth', {
    connections: zh('connectors.delete.connections', { n: 1 }),
    interfaces: zh('connectors.delete.interfaces', { n: 2 }),
  })
  assert.equal(reason, '先删除 1 个连接信息和 2 个接口')

  await page.locator('[data-test=row-actions-crm]').click()
  await expectText(page.locator('.n-dropdown-option-body--disabled [data-test=delete-blocked]'), reason)
  await shot(page, 'polish-row-menu-delete-blocked-zh')
  await page.keyboard.press('Escape')

  await page.evaluate(() => (window.location.hash = '#/connectors/crm'))
  await page.locator('[data-test=detail-name]').waitFor()
  assert.equal(await page.locator(`${actions} button[data-test=delete]`).isDisabled(), true)
  await page.locator(`${actions} [data-test=delete-blocked]`).hover()
  await expectText(page.locator('.n-tooltip'), reason)
  await shot(page, 'polish-detail-delete-blocked-zh')

  await page.locator('.n-tabs-tab', { hasText: zh('connectors.field.interfaces') }).click()
  await page.locator('[data-test=iface-actions-get-customer]').click()
  await page.locator('.n-dropdown-option', { hasText: zh('connectors.delete.action') }).click()
  const confirm = page.locator('.n-dialog')
  await expectText(confirm, zh('iface.delete.confirm', { name: '查询客户', key: 'get-customer' }))
  await shot(page, 'polish-iface-delete-confirm-zh')
  await confirm.getByRole('button', { name: zh('connectors.delete.action') }).click()
  await expectText(page.locator('.n-message'), zh('iface.delete.done', { name: '查询客户' }))
  const after = await s.store.json(['connector', 'show', 'crm'])
  assert.deepEqual(after.interfaceList.map((i) => i.key), ['list-opportunity-history'])
  // The header's reason follows what is left.
  await page.locator(`${actions} [data-test=delete-blocked]`).hover()
  await expectText(page.locator('.n-tooltip'), '先删除 1 个连接信息和 1 个接口')
})

s.test('sealing says what it blocks, the detail shows a banner, new interface is disabled with the reason', async ({ open }) => {
  const page = await open({ route: '/connectors/hr' })
  await page.setViewportSize(desktop)
  await page.locator('[data-test=detail-name]').waitFor()
  await page.locator(`${actions} [data-test=seal]`).click()
  const confirm = page.locator('.n-dialog')
  await expectText(confirm, '封存后不能再新建连接信息和接口；已有的继续可用')
  await shot(page, 'polish-seal-confirm-zh')
  await confirm.getByRole('button', { name: zh('connectors.seal.action') }).click()

  const banner = page.locator('[data-test=sealed-banner]')
  await expectText(banner, zh('connectors.sealedBanner.title'))
  await expectText(banner, zh('connectors.sealedBanner.body'))
  await page.locator('.n-tabs-tab', { hasText: zh('connectors.field.interfaces') }).click()
  const create = page.locator('button[data-test=new-interface]')
  assert.equal(await create.isDisabled(), true)
  await create.locator('..').hover()
  await expectText(page.locator('.n-tooltip'), zh('interfaces.connectorSealed'))
  await shot(page, 'polish-sealed-interfaces-zh')

  await banner.locator('[data-test=banner-unseal]').click()
  await expectText(page.locator('.n-message'), zh('connectors.unseal.done', { name: 'Beisen HR' }))
  await banner.waitFor({ state: 'hidden' })
  assert.equal(await create.isDisabled(), false)
  assert.equal((await s.store.json(['connector', 'show', 'hr'])).status, 'active')
})

s.test('the tables fit 1280×800 with relative times, full-text tooltips and sortable columns', async ({ open }) => {
  const page = await open({ route: '/connectors' })
  await page.setViewportSize(desktop)
  const table = page.locator('.connector-list .n-data-table')
  await tableRow(page, 'crm').waitFor()
  assert.ok(await fitsWidth(table), 'the connector list scrolls sideways at 1280×800')

  // Updated: a relative time, the full time on hover.
  const time = tableRow(page, 'crm').locator('time')
  assert.match(await time.innerText(), /刚刚|分钟前/)
  const full = await time.getAttribute('data-full')
  await time.hover()
  await expectText(page.locator('.n-tooltip'), full)
  await page.mouse.move(0, 0)

  // A truncated description shows its whole text on hover: cut with an ellipsis, the whole text in its native title.
  await assertTruncatedWithTitle(tableRow(page, 'crm').locator('.desc'), longDescription)

  // Sorting by key: descending, then ascending.
  const keys = async () => (await table.locator('tbody tr td:nth-child(2)').allInnerTexts()).map((x) => x.trim())
  const keyHeader = table.locator('th', { hasText: zh('connectors.field.key') })
  await keyHeader.click()
  const desc = await keys()
  assert.deepEqual(desc, [...desc].sort().reverse())
  await keyHeader.click()
  const asc = await keys()
  assert.deepEqual(asc, [...asc].sort())
  await shot(page, 'polish-list-zh-light')

  await page.evaluate(() => (window.location.hash = '#/connectors/crm'))
  await page.locator('[data-test=detail-name]').waitFor()
  await page.locator('.n-tabs-tab', { hasText: zh('connectors.field.interfaces') }).click()
  const ifaces = page.locator('.tabs-card .n-data-table').last()
  await ifaces.locator('tbody tr').first().waitFor()
  assert.ok(await fitsWidth(ifaces), 'the interface list scrolls sideways at 1280×800')
  await assertTruncatedWithTitle(ifaces.locator('td', { hasText: '/api/v2/customers' }).locator('.cell-text'), longPath)
})

// A cell's text, cut with an ellipsis where its column is too narrow, holds its whole text in the
// native title the browser shows on hover.
async function assertTruncatedWithTitle(cell, text) {
  assert.equal(await cell.getAttribute('title'), text)
  const cut = await cell.evaluate((el) => ({ overflows: el.scrollWidth > el.clientWidth, ellipsis: getComputedStyle(el).textOverflow }))
  assert.deepEqual(cut, { overflows: true, ellipsis: 'ellipsis' }, 'the cell is cut with an ellipsis')
}

// Screens in both languages and both themes, at the window's default size, for a person to look at.
for (const locale of ['zh-CN', 'en']) {
  for (const theme of ['light', 'dark']) {
    const tag = `${locale === 'en' ? 'en' : 'zh'}-${theme}`
    const t = locale === 'en' ? en : zh
    s.test(`screens ${tag}`, async ({ open }) => {
      const page = await open({ route: '/connectors', locale, theme })
      await page.setViewportSize(desktop)
      await tableRow(page, 'crm').waitFor()
      assert.ok(await fitsWidth(page.locator('.connector-list .n-data-table')), 'the connector list scrolls sideways at 1280×800')
      await shot(page, `polish-list-${tag}`)

      await page.locator('[data-test=create]').click()
      await dialog(page).locator('[data-test=name] input').fill(locale === 'en' ? 'Kingdee Cloud' : '金蝶云星空')
      await addTag(page, 'ERP')
      // Close the tag menu, so that the shot shows the whole form.
      await dialog(page).locator('.n-card-header').click()
      await shot(page, `polish-dialog-${tag}`)
      await dialog(page).getByRole('button', { name: t('common.cancel') }).click()
      await dialog(page).waitFor({ state: 'hidden' })

      // The detail of a sealed connector with children (sealed through the CLI, then shown).
      if ((await s.store.json(['connector', 'show', 'crm'])).status !== 'sealed') {
        assert.equal((await s.store.cli(['connector', 'seal', 'crm'])).code, 0)
      }
      await page.evaluate(() => (window.location.hash = '#/connectors/crm'))
      await page.locator('[data-test=sealed-banner]').waitFor()
      await page.locator(`${actions} [data-test=delete-blocked]`).hover()
      await page.locator('.n-tooltip').waitFor()
      await shot(page, `polish-detail-sealed-${tag}`)
      await page.locator('.n-tabs-tab', { hasText: t('connectors.field.interfaces') }).click()
      await page.locator('button[data-test=new-interface]').waitFor()
      assert.ok(await fitsWidth(page.locator('.tabs-card .n-data-table').last()), 'the interface list scrolls sideways at 1280×800')
      await shot(page, `polish-detail-sealed-interfaces-${tag}`)
      if (locale === 'en') {
        await page.locator(`${actions} [data-test=delete-blocked]`).hover()
        const n = (await s.store.json(['connector', 'show', 'crm'])).interfaceList.length
        const ifaces = (n === 1 ? one : many)(en('connectors.delete.interfaces', { n }))
        await expectText(page.locator('.n-tooltip'), en('connectors.delete.blockedBoth', { connections: one(en('connectors.delete.connections', { n: 1 })), interfaces: ifaces }))
      }
    })
  }
}
