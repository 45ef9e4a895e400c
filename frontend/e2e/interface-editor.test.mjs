// The interface editor (features/interfaces): a new interface from the
// connector's Interfaces tab, path params kept in step with the path, a nested
// body, bulk add of response params from JSON, the condition builder, the
// backend's validation errors on their tab and row, and the unsaved-changes
// guard. Screenshots in both languages and both themes.
import assert from 'node:assert/strict'
import { expectText, openConnector, shot } from './lib/browser.mjs'
import { connection, connector, iface } from './lib/fixtures.mjs'
import { en, looks, tag, zh } from './lib/i18n.mjs'
import { seededScenario } from './lib/scenario.mjs'

const createOrder = iface('create-order', 'prod', {
  name: '创建订单',
  method: 'POST',
  path: '/shops/{shop}/orders',
  bodyType: 'json',
  description: '在指定门店下单，订单行由调用方传入的商品列表生成。',
  request: [
    { name: 'shop', in: 'path', type: 'string', required: true, source: { kind: 'input' }, description: '门店编码' },
    { name: 'X-Operator', in: 'header', type: 'string', source: { kind: 'system', value: 'userId' }, description: '操作人' },
    { name: 'dryRun', in: 'query', type: 'boolean', source: { kind: 'input' }, default: false, description: '只校验不下单' },
    {
      name: 'order', in: 'body', type: 'object', required: true, source: { kind: 'input' }, description: '订单', children: [
        { name: 'customerId', type: 'string', required: true, source: { kind: 'input' }, description: '客户编号' },
        { name: 'note', type: 'string', source: { kind: 'template', value: '由 {{ system.userName }} 创建' }, description: '备注' },
        { name: 'channel', type: 'string', source: { kind: 'static', value: 'studio' }, description: '渠道' },
        {
          name: 'lines', type: 'array', required: true, source: { kind: 'map', value: '{{ input.items }}' }, description: '订单行', children: [
            { name: 'sku', type: 'string', required: true, source: { kind: 'template', value: '{{ item.sku }}' }, description: '商品编码' },
            { name: 'qty', type: 'integer', source: { kind: 'input' }, default: 1, description: '数量' },
            { name: 'price', type: 'number', source: { kind: 'input' }, description: '单价' },
          ],
        },
      ],
    },
  ],
  response: [
    { name: 'code', type: 'integer', path: 'code', description: '0 为成功' },
    { name: 'msg', type: 'string', path: 'msg' },
    { name: 'order', type: 'object', path: 'data', children: [{ name: 'id', type: 'string', path: 'orderId', description: '订单号' }] },
  ],
  success: {
    all: [
      { field: 'status', op: 'in', value: [200, 201] },
      { any: [{ field: 'response.code', op: 'eq', value: 0 }, { field: 'response.msg', op: 'matches', value: '^(ok|success)$' }] },
      { field: 'outputs.order', op: 'notEmpty' },
    ],
  },
  messages: { unmet: '下单失败：{{ response.msg }}', timeout: '订单系统未在规定时间内响应', error: '' },
})

const s = seededScenario(
  connector('erp', {
    name: '云 ERP 开放平台',
    connections: [
      connection('prod', { name: '生产环境', host: 'erp.example.com', protocol: 'https', basePath: '/open/v2' }),
      connection('legacy', { name: '旧网关', host: 'old.example.com', status: 'sealed' }),
    ],
    interfaces: [createOrder],
  }),
)


s.test('a new interface from the Interfaces tab: sealed connections hidden, path params follow the path, the condition is required', async ({ open }) => {
  const page = await open({ route: '/connectors/erp', locale: 'zh-CN' })
  await openConnector(page, 'erp')
  await page.locator('.n-tabs-tab', { hasText: zh('connectors.field.interfaces') }).click()
  await page.locator('[data-test=new-interface]').first().waitFor()
  await shot(page, 'iface-detail-tab-zh-light')
  await page.locator('[data-test=new-interface]').first().click()
  await page.locator('[data-test=iface-editor]').waitFor()
  await expectText(page.locator('[data-test=iface-title]'), zh('iface.create.title'))

  // Only the active connection is offered, and it is chosen already.
  await expectText(page.locator('[data-test=iface-connection]'), '生产环境')
  await page.locator('[data-test=iface-connection]').click()
  assert.equal(await page.locator('.n-base-select-option', { hasText: '旧网关' }).count(), 0)
  await page.keyboard.press('Escape')

  await page.locator('[data-test=iface-name] input').fill('Query user orders')
  assert.equal(await page.locator('[data-test=iface-key] input').inputValue(), 'query-user-orders')
  const path = page.locator('[data-test=iface-path] input')
  await path.click()
  await path.pressSequentially('/users/{id}/orders/{orderId}')
  await page.locator('[data-test=tab-path]').click()
  await expectText(page.locator('[data-test=params-path]'), '{orderId}')
  await expectText(page.locator('[data-test=params-path]'), '{id}')
  await shot(page, 'iface-new-path-zh-light')
  await path.fill('/users/orders/{orderId}')
  await page.waitForTimeout(100)
  const pathNames = await page.locator('[data-test=params-path] .path-name').allTextContents()
  assert.deepEqual(pathNames.map((x) => x.trim()), ['{orderId}'])

  // Saving without a success condition shows the backend's rule on its tab.
  await page.locator('[data-test=save]').click()
  await page.locator('[data-test=success-error]').waitFor()
  await expectText(page.locator('[data-test=success-error]'), zh('iface.errors.successRequired'))
  assert.equal(await page.locator('[data-test=tab-success] .tab-error-dot').count(), 1)
  await shot(page, 'iface-error-success-zh-light')

  await page.locator('[data-test=preset-ok]').click()
  // A key the connector already uses: the backend's conflict shows on the key field.
  await page.locator('[data-test=iface-key] input').fill('create-order')
  await page.keyboard.press('Control+s')
  await expectText(page.locator('.g-key .n-form-item-feedback'), zh('reason.interface.key_taken', { connector: 'erp', key: 'create-order' }))
  await page.locator('[data-test=iface-key] input').fill('query-user-orders')
  await page.keyboard.press('Control+s')
  await page.waitForFunction(() => location.hash.endsWith('/interfaces/query-user-orders'))
  const saved = await s.store.json(['interface', 'show', 'erp/query-user-orders'])
  assert.deepEqual(saved.success, { all: [{ field: 'status', op: 'eq', value: 200 }] })
  assert.deepEqual(
    saved.request.map((p) => [p.name, p.in, p.type, p.required, p.source.kind]),
    [['orderId', 'path', 'string', true, 'input']],
  )
})

for (const l of looks) {
  s.test(`the editor in ${tag(l)}: nested body, bulk add preview, condition builder`, async ({ open }) => {
    const page = await open({ route: '/connectors/erp/interfaces/new', locale: l.locale, theme: l.theme })
    await page.locator('[data-test=iface-editor]').waitFor()
    await expectText(page.locator('[data-test=iface-title]'), l.t('iface.create.title'))
    await shot(page, `iface-new-${tag(l)}`)

    await page.evaluate(() => (window.location.hash = '#/connectors/erp/interfaces/create-order'))
    await expectText(page.locator('[data-test=iface-title]'), '创建订单')
    await page.locator('[data-test=tab-body]').click()
    await expectText(page.locator('[data-test=params-body]'), l.t('iface.source.inputItemHint'))
    await page.locator('[data-test=iface-tabs]').evaluate((el) => el.closest('.tabs-card').scrollIntoView({ block: 'start' }))
    await shot(page, `iface-body-${tag(l)}`)

    await page.locator('[data-test=tab-success]').click()
    await page.locator('[data-test=cond-summary]').waitFor()
    await page.locator('.cond-group.depth-1').first().scrollIntoViewIfNeeded()
    await shot(page, `iface-condition-${tag(l)}`)

    await page.locator('[data-test=tab-response]').click()
    await page.locator('[data-test=bulk-add]').click()
    await page.locator('[data-test=bulk-sample] textarea').fill(
      JSON.stringify({ code: 0, msg: 'ok', data: { orderId: 'A-1', total: 2.5, lines: [{ sku: 'x', qty: 1 }] }, traceId: 't' }, null, 2),
    )
    await page.locator('[data-test=bulk-preview]').waitFor()
    await expectText(page.locator('[data-test=bulk-preview]'), 'traceId')
    await shot(page, `iface-bulk-${tag(l)}`)
    if (l === looks[0]) {
      await page.locator('[data-test=bulk-sample] textarea').fill('{\n  "code": 0,\n  "msg": }')
      await page.locator('[data-test=bulk-error]').waitFor()
      await expectText(page.locator('[data-test=bulk-error]'), '第 3 行第 10 列')
      await shot(page, 'iface-bulk-error-zh-light')
    }
    await page.keyboard.press('Escape')
    await page.locator('[data-test=bulk-dialog]').waitFor({ state: 'detached' })

    // A backend validation error on a nested body row: the tab switches, the row is marked.
    await page.locator('[data-test=tab-success]').click()
    await page.locator('[data-test=params-body]').waitFor({ state: 'hidden' })
    await page.locator('[data-test=tab-body]').click()
    const note = page.locator('[data-test=params-body] .body-row', { has: page.locator('[data-name="note"]') })
    await note.locator('[data-col=source] .n-input input').fill('plain text')
    await page.locator('[data-test=tab-response]').click()
    await page.keyboard.press('Control+s')
    await page.locator('[data-test=params-body] .row-error').waitFor()
    assert.equal(await page.locator('[data-test=tab-body] .tab-error-dot').count(), 1)
    await page.waitForTimeout(1300)
    await shot(page, `iface-error-row-${tag(l)}`)
  })
}

s.test('bulk add merges into the response params; a field error lands on its row; leaving asks first', async ({ open }) => {
  const page = await open({ route: '/connectors/erp/interfaces/create-order', locale: 'en', theme: 'light' })
  await page.locator('[data-test=iface-editor]').waitFor()
  await page.locator('[data-test=tab-response]').click()
  await page.locator('[data-test=bulk-add]').click()
  await page.locator('[data-test=bulk-sample] textarea').fill('{"code":0,"msg":"ok","data":{"orderId":"A-1","total":2},"traceId":"t"}')
  await page.locator('[data-test=bulk-preview]').waitFor()
  await page.locator('[data-test=bulk-apply]').click()
  await page.locator('[data-test=response] [data-name=traceId]').waitFor()
  await expectText(page.locator('[data-test=dirty]'), en('iface.unsaved'))

  // A template without {{ }} in the nested body: the error shows on that row, in English.
  await page.locator('[data-test=tab-body]').click()
  const note = page.locator('[data-test=params-body] .body-row', { has: page.locator('[data-name="note"]') })
  await note.locator('[data-col=source] input').first().waitFor()
  await note.locator('[data-col=source] .n-input input').fill('plain text')
  await page.keyboard.press('Control+s')
  await expectText(page.locator('[data-test=params-body] .row-error'), 'A template needs a')
  await shot(page, 'iface-error-row-en-light')

  // Leaving with unsaved changes asks; staying keeps the page.
  await page.locator('.crumbs .n-breadcrumb-item').nth(1).click()
  await expectText(page.locator('.n-dialog'), en('iface.leave.title'))
  await shot(page, 'iface-leave-en-light')
  await page.locator('.n-dialog button', { hasText: en('iface.leave.stay') }).click()
  assert.match(await page.evaluate(() => location.hash), /interfaces\/create-order$/)

  // Fix it and save: the response params are stored merged.
  await note.locator('[data-col=source] .n-input input').fill('by {{ system.userName }}')
  await page.keyboard.press('Control+s')
  await page.locator('[data-test=dirty]').waitFor({ state: 'detached' })
  const saved = await s.store.json(['interface', 'show', 'erp/create-order'])
  assert.deepEqual(saved.response.map((p) => p.name), ['code', 'msg', 'order', 'data', 'traceId'])
  assert.equal(saved.response[0].description, '0 为成功', 'existing params keep their edits')
})
