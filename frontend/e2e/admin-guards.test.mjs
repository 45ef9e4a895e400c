// Issue 7: adding a second profile proposes a password for every admin profile
// that has none, and the installation's settings are users.admin's to change
// (another profile reads them, with a note); in 简体中文 and in English.
import assert from 'node:assert/strict'
import { bridge, expectText, shot } from './lib/browser.mjs'
import { t } from './lib/i18n.mjs'
import { scenario } from './lib/scenario.mjs'
import { startServe } from './lib/serve.mjs'
import { tempStore } from './lib/store.mjs'

// Each test starts from a store with its first-run profile alone: the proposal
// comes when the second one is added.
const s = scenario({ serve: false })

for (const locale of ['zh-CN', 'en']) {
  const tag = locale === 'en' ? 'en' : 'zh'
  s.test(`a second profile brings the password proposal; settings are read-only without users.admin (${locale})`, async ({ open }) => {
    const store = await tempStore()
    const serve = await startServe(store)
    try {
      const page = await open({ serve, locale, route: '/users' })
      await page.locator('[data-test=users-table]').waitFor()
      assert.equal(await page.locator('[data-test=protect-admins]').count(), 0, 'alone, no proposal')

      await page.locator('[data-test=add-user]').click()
      const form = page.locator('[data-test=user-dialog]')
      await form.locator('[data-test=user-name] input').fill('viewer')
      await form.locator('[data-test=user-submit]').click()
      await form.waitFor({ state: 'hidden' })

      const proposal = page.locator('.n-dialog')
      await expectText(proposal, t(locale, 'users.protect.dialogTitle'))
      await expectText(proposal, t(locale, 'users.protect.dialogBody', { names: 'admin' }))
      await expectText(page.locator('[data-test=protect-admins]'), t(locale, 'users.protect.set', { name: 'admin' }))
      await shot(page, `users-password-proposal-${tag}`)

      await proposal.locator('button', { hasText: t(locale, 'users.protect.now') }).click()
      await form.waitFor()
      const pw = form.locator('[data-test=user-password] input')
      await pw.waitFor()
      assert.equal(await pw.evaluate((el) => el === document.activeElement), true, 'the password field has the focus')
      await pw.fill('correct horse')
      // A password is asked for twice (issue 8).
      await form.locator('[data-test=user-password-confirm] input').fill('correct horse')
      await form.locator('[data-test=user-submit]').click()
      await form.waitFor({ state: 'hidden' })
      await page.locator('[data-test=protect-admins]').waitFor({ state: 'detached' })
      // The CLI acting as admin now needs the password, too.
      const asAdmin = { env: { JUNCTION_PASSWORD: 'correct horse' } }
      const users = await store.json(['user', 'list'], asAdmin)
      assert.equal(users.find((u) => u.name === 'admin')?.hasPassword, true, JSON.stringify(users))

      // As viewer (no users.admin) the settings page shows the settings, read-only.
      assert.equal((await bridge(page, 'Session', 'Switch', ['viewer', ''])).status, 200)
      await page.evaluate(() => (window.location.hash = '#/settings'))
      await page.reload()
      await expectText(page.locator('[data-test=status-profile]'), 'viewer')
      await expectText(page.locator('[data-test=settings-admin-only]'), t(locale, 'settings.invoke.adminOnly'))
      assert.equal(await page.locator('[data-test=settings-body-cap] input').isDisabled(), true)
      assert.equal(await page.locator('[data-test=settings-history] input').isDisabled(), true)
      assert.equal(await page.locator('[data-test=settings-save]').count(), 0, 'no save button')
      await shot(page, `settings-non-admin-${tag}`)
      const refused = await bridge(page, 'Settings', 'Save', [{ bodyCapMB: 100, historyLimit: 10 }])
      assert.equal(refused.status, 403)
      assert.equal(refused.body.code, 'permission')
      const kept = await store.json(['user', 'list'], asAdmin)
      assert.equal(kept.length, 2)
    } finally {
      assert.equal(await serve.stop(), 0, serve.stderr())
      await store.remove()
    }
  })
}
