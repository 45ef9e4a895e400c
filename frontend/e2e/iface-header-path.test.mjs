// The interface editor, issue 8: header names ignore case (the second row
// refused and focused, the system field's value for this profile shown next to
// its source), a pasted full URL split into path and query params with a note,
// the sticky header an opaque band, and a save error scrolled into view below it.
// Screenshots in both languages and both themes.
import assert from 'node:assert/strict'
import { bridge, expectText, shot } from './lib/browser.mjs'
import { connection, connector, iface } from './lib/fixtures.mjs'
import { looks, tag, zh } from './lib/i18n.mjs'
import { seededScenario } from './lib/scenario.mjs'

// Enough body params that the editor scrolls.
const bodyParams = Array.from({ length: 14 }, (_, i) => ({
  name: `field${i + 1}`,
  in: 'body',
  type: 'string',
  source: { kind: 'input' },
  description: `第 ${i + 1} 个字段，说明文字较长以便滚动时能看出是否透出标题栏`,
}))

const getUser = iface('get-user', 'prod', {
  name: '查询用户',
  method: 'POST',
  path: '/users/{id}',
  bodyType: 'json',
  request: [
    { name: 'id', in: 'path', type: 'string', required: true, source: { kind: 'input' } },
    { name: 'X-User-Id', in: 'header', type: 'string', source: { kind: 'system', value: 'userId' }, description: '登录用户' },
    ...bodyParams,
  ],
})

const s = seededScenario(
  connector('erp', {
    name: '云 ERP',
    connections: [connection('prod', { name: '生产环境', host: 'erp.example.com', protocol: 'https', basePath: '/open/v2' })],
    interfaces: [getUser],
  }),
)


/** paste fires a paste of text on the input, as the clipboard does. */
function paste(input, text) {
  return input.evaluate((el, text) => {
    el.focus()
    el.select()
    const data = new DataTransfer()
    data.setData('text/plain', text)
    const ev = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })
    // Nothing handled it: paste as the browser would.
    if (el.dispatchEvent(ev)) {
      el.value = text
      el.dispatchEvent(new Event('input', { bubbles: true }))
    }
  }, text)
}

s.test('a header differing only in case is refused on its row; the system field shows its value for this profile', async ({ open }) => {
  const page = await open({ route: '/connectors/erp/interfaces/get-user', locale: 'zh-CN' })
  const me = (await bridge(page, 'Session', 'Me')).body
  assert.ok(me.id, 'the profile has an id')
  await page.locator('[data-test=tab-header]').click()
  const headers = page.locator('[data-test=params-header]')
  // The source cell names what userId is for this profile.
  await expectText(headers.locator('[data-col=source]').first(), me.id)
  await headers.locator('[data-col=source] .n-base-selection').nth(1).click()
  await expectText(page.locator('.n-base-select-option', { hasText: 'orgId' }), zh('iface.system.orgId'))
  await shot(page, 'iface-system-preview-zh-light')
  await page.keyboard.press('Escape')

  await page.locator('[data-test=params-header-add]').click()
  await page.locator('[data-test=params-header] [data-test=param-name] input').last().fill('x-user-id')
  await page.keyboard.press('Control+s')
  const row = headers.locator('[data-row]').nth(1)
  await expectText(headers.locator('.row-error'), zh('iface.errors.headerDuplicate', { name: 'X-User-Id' }))
  // The row at fault has the focus.
  assert.equal(await row.evaluate((el) => el.contains(document.activeElement)), true)
  await shot(page, 'iface-header-case-zh-light')
  const stored = await s.store.json(['interface', 'show', 'erp/get-user'])
  assert.deepEqual(
    stored.request.filter((p) => p.in === 'header').map((p) => p.name),
    ['X-User-Id'],
    'the store is unchanged',
  )
})

for (const l of [looks[0], looks[1]]) {
  s.test(`a pasted full URL becomes path and query params, with a note (${tag(l)})`, async ({ open }) => {
    const page = await open({ route: '/connectors/erp/interfaces/new', locale: l.locale, theme: l.theme })
    await page.locator('[data-test=iface-name] input').fill(`Orders ${l.locale}`)
    const path = page.locator('[data-test=iface-path] input')
    await paste(path, 'https://erp.example.com/open/v2/shops/{shop}/orders?page=2&status=open')
    assert.equal(await path.inputValue(), '/shops/{shop}/orders')
    const note = page.locator('[data-test=path-note]')
    await expectText(note, l.t('iface.pathPaste.stripped', { base: 'https://erp.example.com/open/v2' }))
    await expectText(note, 'page, status')
    // Chinese sentences run on without a space, English ones with one.
    assert.match(await note.textContent(), l.locale === 'en' ? /v2\. The query/ : /v2。查询串/)
    await expectText(page.locator('[data-test=tab-query]'), '2')
    const query = page.locator('[data-test=params-query] [data-row]')
    assert.deepEqual(await query.locator('[data-test=param-name] input').evaluateAll((els) => els.map((e) => e.value)), ['page', 'status'])
    assert.deepEqual(await query.locator('[data-col=default] input').evaluateAll((els) => els.map((e) => e.value)), ['2', 'open'])
    await shot(page, `iface-path-paste-${tag(l)}`)
    await page.locator('[data-test=tab-path]').click()
    await expectText(page.locator('[data-test=params-path]'), '{shop}')

    // Typed (not pasted) by hand, a URL is split when the field is left.
    await path.fill('https://erp.example.com/open/v2/shops/{shop}/orders?page=3')
    await page.locator('[data-test=iface-name] input').click()
    assert.equal(await path.inputValue(), '/shops/{shop}/orders')

    // A repeated placeholder is the backend's to refuse, on the path field.
    await path.fill('/shops/{shop}/orders/{shop}')
    await page.keyboard.press('Control+s')
    // (lib/i18n does not read vue-i18n's {'{'} literals: the text as shown.)
    await expectText(page.locator('.g-path'), l.locale === 'en' ? 'The path has {shop} twice' : '路径中 {shop} 出现了两次')
    assert.equal(await path.evaluate((el) => el === document.activeElement), true, 'the path field has the focus')
    await shot(page, `iface-path-error-${tag(l)}`)
  })
}

for (const l of looks) {
  s.test(`the sticky header is an opaque band; a save error is scrolled below it (${tag(l)})`, async ({ open }) => {
    const page = await open({ route: '/connectors/erp/interfaces/get-user', locale: l.locale, theme: l.theme })
    await page.locator('[data-test=tab-body]').click()
    await page.locator('[data-test=params-body] [data-row]').first().waitFor()
    await page.locator('.content').evaluate((el) => el.scrollTo(0, 520))
    const band = page.locator('[data-test=iface-head-band]')
    const box = await band.boundingBox()
    const content = await page.locator('.content').boundingBox()
    assert.ok(Math.abs(box.y - content.y) <= 1, `the band sticks at the top of the content area (${box.y} vs ${content.y})`)
    // Beside the card, in its corner and just above it: the band, never the text scrolled under it.
    const probes = [
      [content.x + 6, box.y + box.height / 2],
      [box.x + 30, box.y + 2],
      [box.x + box.width - 32, box.y + box.height - 4],
    ]
    for (const [x, y] of probes) {
      const inBand = await page.evaluate(([x, y]) => !!document.elementFromPoint(x, y)?.closest('[data-test=iface-head-band]'), [x, y])
      assert.ok(inBand, `the point ${x},${y} is the band`)
    }
    const bg = await band.evaluate((el) => getComputedStyle(el).backgroundColor)
    assert.match(bg, /^rgb\(/, `an opaque colour, not ${bg}`)
    await shot(page, `iface-scrolled-${tag(l)}`)

    // The last body param's name emptied: the error lands on that row, below the header, focused.
    await page.locator('.content').evaluate((el) => el.scrollTo(0, 0))
    const last = page.locator('[data-test=params-body] [data-row]').last()
    await last.locator('[data-test=param-name] input').fill('')
    await page.locator('.content').evaluate((el) => el.scrollTo(0, 0))
    await page.keyboard.press('Control+s')
    await expectText(page.locator('[data-test=params-body] .row-error'), l.t('iface.errors.required'))
    await page.waitForFunction(() => {
      const rows = document.querySelectorAll('[data-test=params-body] [data-row]')
      const row = rows[rows.length - 1]
      const band = document.querySelector('[data-test=iface-head-band]').getBoundingClientRect()
      const r = row.getBoundingClientRect()
      return r.top >= band.bottom && r.bottom <= window.innerHeight && row.contains(document.activeElement)
    })
    await shot(page, `iface-save-error-${tag(l)}`)
  })
}
