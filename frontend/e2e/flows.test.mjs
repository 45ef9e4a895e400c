// 动作流 in the browser (issue 11): the demo flow built in the editor over a
// server that plays the open platform (code → user token from the code and
// the app's key and secret → departments), run green; the app secret broken
// in the connection's account UI, run again: step 2 red with its message,
// step 3 not run; the secret fixed, re-run from the failed step: step 1
// reused, the platform's code endpoint not called again. Screenshots of the
// list, the editor, a run and the history in both languages and themes.
import assert from 'node:assert/strict'
import { after } from 'node:test'
import { expectText, shot } from './lib/browser.mjs'
import { openPlatformConnector, pkg } from './lib/fixtures.mjs'
import { looks, t, tag } from './lib/i18n.mjs'
import { scenario } from './lib/scenario.mjs'
import { openPlatform } from './lib/testserver.mjs'

let platform
const s = scenario({
  seed: async ({ store }) => {
    platform = await openPlatform()
    await store.importPackage(pkg(openPlatformConnector(platform.host, platform.appKey)))
    const set = await store.cli(['secret', 'set', 'open-platform/prod/default', 'appSecret', '--from-env', 'APP_SECRET'], { env: { APP_SECRET: platform.appSecret } })
    assert.equal(set.code, 0, set.stderr)
  },
})
after(() => platform?.close())

/** pickInterface opens a step's interface select and picks connector/interface. */
async function pickInterface(page, index, invoke) {
  await page.locator(`[data-test=step-invoke-${index}]`).click()
  await page.locator('.n-base-select-option', { hasText: invoke }).last().click()
}

/** setSecret types a new app secret into the connection's account dialog. */
async function setSecret(page, value) {
  await page.goto(`${new URL(page.url()).origin}/#/connectors/open-platform?tab=connections`)
  await page.locator('[data-test=edit-prod]').click()
  const drawer = page.locator('[data-test=connection-drawer]')
  await drawer.locator('[data-test=tab-accounts]').click()
  await drawer.locator('[data-test=account-edit-default]').click()
  const dialog = page.locator('[data-test=account-dialog]')
  await dialog.locator('[data-test=secret-appSecret-replace]').click()
  await dialog.locator('[data-test=secret-appSecret-input] input').fill(value)
  await dialog.locator('[data-test=account-submit]').click()
  await dialog.waitFor({ state: 'hidden' })
  await drawer.locator('[data-test=close]').click()
  await drawer.waitFor({ state: 'hidden' })
}

/** stepStates waits for the run drawer's verdict to be settled and reads each step's state. */
async function runStates(page, verdict) {
  const drawer = page.locator('[data-test=run-drawer]')
  await drawer.locator(`[data-test=run-verdict][data-state=${verdict}]`).waitFor({ timeout: 20_000 })
  const states = {}
  for (const key of ['code', 'token', 'departments']) states[key] = await drawer.locator(`[data-test=run-step-${key}]`).getAttribute('data-state')
  return states
}

s.test('the demo flow: built in the editor, run green, broken at step 2, re-run from the failed step reusing step 1', async ({ open }) => {
  const zh = (key, vars) => t('zh-CN', key, vars)
  const page = await open({ route: '/flows' })
  await expectText(page.locator('[data-test=flows-empty]'), zh('flows.empty.title'))
  await shot(page, 'flows-empty-zh-light')

  // Build it: three steps, each mapped from the one before.
  await page.locator('[data-test=flow-create]').click()
  await page.locator('[data-test=flow-key] input').fill('sync-departments')
  await page.locator('[data-test=flow-name] input').fill('同步部门')
  await page.locator('[data-test=step-key-0] input').fill('code')
  await pickInterface(page, 0, 'open-platform/get-code')
  await page.locator('[data-test=add-step]').click()
  await page.locator('[data-test=step-key-1] input').fill('token')
  await pickInterface(page, 1, 'open-platform/get-token')
  await page.locator('[data-test=map-input-1-code] [data-test=tpl-insert]').click()
  await page.locator('.n-dropdown-option', { hasText: 'steps.code.outputs.code' }).last().click()
  assert.equal(await page.locator('[data-test=map-input-1-code] input').inputValue(), '{{ steps.code.outputs.code }}')
  await page.locator('[data-test=add-step]').click()
  await page.locator('[data-test=step-key-2] input').fill('departments')
  await pickInterface(page, 2, 'open-platform/list-departments')
  await page.locator('[data-test=map-input-2-Authorization] input').fill('Bearer {{steps.token.outputs.token}}')
  await page.locator('[data-test=flow-outputs] .add').click()
  await page.locator('[data-test=flow-output-name-0] input').fill('departments')
  await page.locator('[data-test=flow-output-value-0] input').fill('{{steps.departments.outputs.departments}}')
  await expectText(page.locator('[data-test=dirty]'), zh('flows.editor.unsaved'))
  await page.keyboard.press('Control+s')
  await page.waitForURL(/#\/flows\/sync-departments$/)
  await page.locator('[data-test=dirty]').waitFor({ state: 'detached' })

  const stored = await s.store.json(['flow', 'show', 'sync-departments'])
  assert.deepEqual(
    stored.steps.map((st) => [st.key, st.invoke, st.inputs]),
    [
      ['code', 'open-platform/get-code', {}],
      ['token', 'open-platform/get-token', { code: '{{ steps.code.outputs.code }}' }],
      ['departments', 'open-platform/list-departments', { Authorization: 'Bearer {{steps.token.outputs.token}}' }],
    ],
  )

  // Run it: three green steps.
  await page.locator('[data-test=flow-run]').click()
  assert.deepEqual(await runStates(page, 'ok'), { code: 'ok', token: 'ok', departments: 'ok' })
  assert.equal(platform.calls('/departments'), 1)
  await page.keyboard.press('Escape')

  // Break the app secret in the connection's account: step 2 red with its message, step 3 not run.
  await setSecret(page, 'a-wrong-secret')
  await page.goto(`${new URL(page.url()).origin}/#/flows`)
  await page.locator('[data-test=run-sync-departments]').click()
  assert.deepEqual(await runStates(page, 'unmet'), { code: 'ok', token: 'unmet', departments: 'notRun' })
  await expectText(page.locator('[data-test=run-step-token] [data-test=step-message]'), 'invalid app key or app secret')
  assert.equal(platform.calls('/departments'), 1, 'step 3 did not run')
  await shot(page, 'flows-run-failed-zh-light')
  await page.keyboard.press('Escape')

  // Fix it, then re-run from the failed step in the run's record: step 1 is reused, /code not called again.
  await setSecret(page, platform.appSecret)
  await page.goto(`${new URL(page.url()).origin}/#/flows/sync-departments/runs`)
  const detail = page.locator('[data-test=run-detail]')
  await detail.locator('[data-test=detail-verdict][data-state=unmet]').waitFor()
  await expectText(detail.locator('[data-test=run-step-token] [data-test=step-message]'), 'invalid app key or app secret')
  const codes = platform.calls('/code')
  await detail.locator('[data-test=detail-rerun-failed]').click()
  await detail.locator('[data-test=detail-verdict][data-state=ok]').waitFor({ timeout: 20_000 })
  assert.equal(await detail.locator('[data-test=run-step-code]').getAttribute('data-state'), 'reused')
  assert.equal(await detail.locator('[data-test=run-step-token]').getAttribute('data-state'), 'ok')
  assert.equal(await detail.locator('[data-test=run-step-departments]').getAttribute('data-state'), 'ok')
  assert.equal(platform.calls('/code'), codes, "the platform's code endpoint was not called again")
  assert.equal(platform.calls('/departments'), 2)
  await shot(page, 'flows-rerun-reused-zh-light')

  // The record of the re-run: three runs kept, the newest a re-run that reused step 1, no secret in it.
  const history = await s.store.json(['flow', 'history', 'sync-departments'])
  assert.equal(history.length, 3)
  assert.equal(history[0].trigger, 'rerun')
  assert.ok(!JSON.stringify(history).includes(platform.appSecret))
  const shown = await page.locator('[data-test=step-detail]').innerText()
  assert.ok(!shown.includes(platform.appSecret), 'no secret on the page')
})

s.test('screenshots: the list, the editor, a run and the history in zh-CN and English, light and dark', async ({ open }) => {
  for (const look of looks) {
    const l = tag(look)
    const tr = (key, vars) => t(look.locale, key, vars)
    const page = await open({ route: '/flows', locale: look.locale, theme: look.theme })
    await expectText(page.locator('[data-test=flows-table]'), tr('flows.trigger.manual'))
    await shot(page, `flows-list-${l}`)

    await page.goto(`${new URL(page.url()).origin}/#/flows/sync-departments`)
    await page.locator('[data-test=step-2]').waitFor()
    await page.locator('[data-test=trigger-cron]').click()
    await page.locator('[data-test=next-fires] li').first().waitFor()
    await shot(page, `flows-editor-${l}`)
    await page.locator('[data-test=step-1]').scrollIntoViewIfNeeded()
    await shot(page, `flows-steps-${l}`)
    // An invalid cron is said inline, under the trigger.
    await page.locator('[data-test=trigger-cron-expr] input').fill('0 25 * * *')
    await page.locator('[data-test=trigger-error]').waitFor()
    await page.locator('[data-test=trigger-manual]').click()
    await page.locator('[data-test=dirty]').waitFor({ state: 'detached' })

    await page.locator('[data-test=flow-run]').click()
    await runStates(page, 'ok')
    await shot(page, `flows-run-${l}`)
    await page.keyboard.press('Escape')

    await page.goto(`${new URL(page.url()).origin}/#/flows/sync-departments/runs`)
    await page.locator('[data-test=run-detail] [data-test=detail-verdict]').waitFor()
    await page.locator('[data-test=step-detail] [data-test=result]').waitFor()
    await shot(page, `flows-history-${l}`)
    await page.close()
  }
})
