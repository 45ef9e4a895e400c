// Issue 8 in the test console and the connection check: a list a mapping reads gets its own
// rows, JSON mode opens on a skeleton with stray keys listed, copy as cURL offers bash and
// PowerShell, a failed token request is its own step, and the check dialog runs the token
// request. Each screen in zh-CN and English, light and dark.
import assert from 'node:assert/strict'
import { expectText, shot } from './lib/browser.mjs'
import { codeIsZero, connection, connector, iface } from './lib/fixtures.mjs'
import { en, zh } from './lib/i18n.mjs'
import { remoteScenario } from './lib/scenario.mjs'

const tokenAuth = {
  type: 'tokenExchange',
  tokenExchange: {
    method: 'POST',
    url: '/token',
    bodyType: 'json',
    body: { appKey: '{{account.appKey}}' },
    tokenPath: 'data.access_token',
    expiresInPath: 'data.expires_in',
    inject: { in: 'header', name: 'X-Access-Token' },
  },
}

const s = remoteScenario((remote) =>
  connector('crm', {
    name: '客户关系系统',
    connections: [
      connection('local', { name: '本地', host: remote.host }),
      connection('gbk', { name: '老系统', host: remote.host, charset: 'GBK' }),
      connection('tok', {
        name: '令牌系统',
        host: remote.host,
        auth: tokenAuth,
        accounts: [{ name: 'ops', default: true, fields: { appKey: 'k-1' }, secretFields: [] }],
      }),
    ],
    interfaces: [
      iface('batch', 'local', {
        name: '批量导入成员',
        method: 'POST',
        bodyType: 'json',
        request: [
          { name: 'batch', in: 'query', type: 'string', required: false, source: { kind: 'input' } },
          {
            name: 'members',
            in: 'body',
            type: 'array',
            required: true,
            source: { kind: 'map', value: '{{input.users}}' },
            children: [
              { name: 'name', type: 'string', required: true, source: { kind: 'template', value: '{{item.name}}' } },
              { name: 'age', type: 'integer', required: false, source: { kind: 'template', value: '{{item.age}}' } },
            ],
          },
        ],
      }),
      iface('legacy', 'gbk', {
        name: '老系统查询',
        method: 'POST',
        bodyType: 'json',
        request: [
          { name: 'q', in: 'query', type: 'string', required: false, source: { kind: 'input' } },
          { name: 'name', in: 'body', type: 'string', required: false, source: { kind: 'input' } },
        ],
      }),
      iface('items', 'tok', { name: '令牌接口', success: codeIsZero }),
    ],
  }),
)

const variants = [
  { locale: 'zh-CN', theme: 'light', tr: zh },
  { locale: 'zh-CN', theme: 'dark', tr: zh },
  { locale: 'en', theme: 'light', tr: en },
  { locale: 'en', theme: 'dark', tr: en },
]
const tag = (v) => `${v.locale === 'en' ? 'en' : 'zh'}-${v.theme}`

s.test('a mapped list gets rows; JSON mode opens on a skeleton and lists stray keys', async ({ open }) => {
  s.remote.ok()
  for (const v of variants) {
    const page = await open({ route: '/connectors/crm/interfaces/batch/test', locale: v.locale, theme: v.theme })
    const users = page.locator('[data-field="users"]')
    await expectText(users.locator('[data-test=mapped-by]'), v.tr('console.form.mappedBy', { param: 'members' }))
    await users.locator('.add').click()
    await users.locator('.add').click()
    await page.locator('[data-field="users[0].name"] input').fill('张三')
    await page.locator('[data-field="users[0].age"] input').fill('30')
    await page.locator('[data-field="users[1].name"] input').fill('李四')
    await page.locator('[data-test=send]').click()
    await expectText(page.locator('[data-test=status]'), 'HTTP 200')
    const sent = JSON.parse(s.remote.requests.at(-1).body)
    assert.deepEqual(sent, { members: [{ name: '张三', age: 30 }, { name: '李四' }] })
    await shot(page, `issue8-console-mapped-${tag(v)}`)

    await page.locator('[data-test=json-mode]').click()
    const editor = page.locator('[data-test=json-editor] textarea')
    const skeleton = JSON.parse(await editor.inputValue())
    assert.deepEqual(skeleton, { batch: null, users: [{ name: '张三', age: 30 }, { name: '李四' }] })
    await editor.fill(JSON.stringify({ ...skeleton, usres: [], idd: 1 }, null, 2))
    await page.locator('[data-stray="usres"]').waitFor()
    await shot(page, `issue8-console-stray-${tag(v)}`)
    await page.locator('[data-stray="idd"] button').click()
    await page.locator('[data-stray="idd"]').waitFor({ state: 'detached' })
    await page.locator('[data-stray="usres"] button').click()
    await page.locator('[data-test=stray]').waitFor({ state: 'detached' })
    assert.deepEqual(JSON.parse(await editor.inputValue()), skeleton)
    await page.context().close()
  }
})

s.test('copy as cURL offers bash and PowerShell, in the connection charset', async ({ open }) => {
  s.remote.ok()
  for (const v of variants) {
    const page = await open({ route: '/connectors/crm/interfaces/legacy/test', locale: v.locale, theme: v.theme })
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: s.serve.origin })
    await page.locator('[data-field="q"] input').fill('中文')
    await page.locator('[data-field="name"] input').fill('张三')
    await page.locator('[data-test=send]').click()
    await expectText(page.locator('[data-test=status]'), 'HTTP 200')
    await page.locator('.n-tabs-tab', { hasText: v.tr('console.result.request') }).click()
    await page.locator('[data-test=curl-menu]').click()
    const menu = page.locator('.n-dropdown-menu')
    await expectText(menu, 'PowerShell')
    await shot(page, `issue8-console-curl-menu-${tag(v)}`)
    await menu.getByText('bash', { exact: true }).click()
    await expectText(page.locator('.n-message'), v.tr('console.curl.copied'))
    const bash = await page.evaluate(() => navigator.clipboard.readText())
    assert.match(bash, /--data-binary \$'\{"name":"\\xD5\\xC5\\xC8\\xFD"\}'/)
    assert.match(bash, /q=%D6%D0%CE%C4/)
    await page.locator('[data-test=curl-menu]').click()
    await page.locator('.n-dropdown-menu').getByText('PowerShell', { exact: true }).click()
    await page.waitForFunction(async () => (await navigator.clipboard.readText()).includes('curl.exe'))
    const ps = await page.evaluate(() => navigator.clipboard.readText())
    assert.match(ps, /\$body = \[byte\[\]\]@\(0x7B,0x22/)
    await page.context().close()
  }
})

s.test('a failed token request is its own step; the request never sent has no timing', async ({ open }) => {
  s.remote.answer(401, { code: 401, msg: 'invalid appKey' })
  for (const v of variants) {
    const page = await open({ route: '/connectors/crm/interfaces/items/test', locale: v.locale, theme: v.theme })
    await page.locator('[data-test=send]').click()
    const step = page.locator('[data-test=token-step]')
    await expectText(step.locator('[data-test=token-error]'), 'HTTP 401')
    await expectText(step.locator('[data-test=token-answer]'), 'invalid appKey')
    await expectText(page.locator('[data-test=not-sent]'), v.tr('console.token.notSent'))
    assert.equal(await page.locator('[data-test=timing]').count(), 0)
    const req = s.remote.requests.at(-1)
    assert.equal(req.url, '/token')
    assert.deepEqual(JSON.parse(req.body), { appKey: 'k-1' })
    await shot(page, `issue8-console-token-step-${tag(v)}`)
    await page.context().close()
  }
})

s.test('check connection runs the token request: status, token found, expiry', async ({ open }) => {
  s.remote.answer(200, { code: 0, data: { access_token: 'tok-e2e', expires_in: 7200 } })
  for (const v of variants) {
    const page = await open({ route: '/connectors/crm', locale: v.locale, theme: v.theme })
    await page.locator('[data-test=check-tok]').click()
    const dialog = page.locator('[data-test=check-dialog]')
    await expectText(dialog.locator('[data-test=check-summary]'), v.tr('connection.check.reachable'))
    const step = dialog.locator('[data-test=step-token]')
    await expectText(step, 'HTTP 200')
    await expectText(step.locator('[data-test=token-found]'), v.tr('connection.check.token.found', { path: 'data.access_token' }))
    await expectText(step.locator('[data-test=token-expiry]'), '7200')
    assert.equal((await dialog.innerText()).includes('tok-e2e'), false, 'the token never reaches the page')
    await dialog.locator('[data-test=check-account]').waitFor()
    await shot(page, `issue8-check-token-${tag(v)}`)
    await page.context().close()
  }
})
