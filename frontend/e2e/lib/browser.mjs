// Chromium (Debian's, never downloaded) driving the studio in browser mode, and
// the page helpers the scenarios share. Selectors prefer the data-test
// attributes of the components, then Naive UI's stable class names.
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { chromium } from 'playwright-core'
import { artifactsDir, chromiumPath } from './env.mjs'

export function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
}

/**
 * openApp opens the studio served by serve in a fresh browser context (its own
 * sessionStorage and localStorage) and waits until the session's profile is
 * loaded. locale and theme preset the page's saved preferences, once: a later
 * reload keeps what the page itself saved. The first context signed in on a
 * server opens its one-time link (the code becomes the session cookie and the
 * page lands on the clean URL); later ones get that cookie, as tabs of one
 * browser share it. signedIn false opens the page in a browser that never
 * signed in.
 *
 * The page collects console errors and uncaught exceptions in page.problems
 * (HTTP error statuses of API calls are expected and left out); the scenario
 * wrapper fails a test that leaves any.
 */
export async function openApp(browser, serve, { locale = 'zh-CN', theme = 'light', route = '/connectors', signedIn = true } = {}) {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: locale === 'en' ? 'en-US' : 'zh-CN',
    acceptDownloads: true,
  })
  await context.addInitScript(
    ({ locale, theme }) => {
      if (sessionStorage.getItem('junction.e2e.preset')) return
      sessionStorage.setItem('junction.e2e.preset', '1')
      localStorage.setItem('junction.locale', locale)
      localStorage.setItem('junction.theme', theme)
    },
    { locale, theme },
  )
  const page = await context.newPage()
  page.problems = []
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of (4|5)\d\d/.test(m.text())) {
      page.problems.push(`console: ${m.text()}`)
    }
  })
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`))
  const known = serve.cookie()
  if (signedIn && known) {
    await context.addCookies([{ ...known, url: serve.origin, httpOnly: true, sameSite: 'Strict' }])
  }
  const base = signedIn && !known ? serve.url : `${serve.origin}/`
  await page.goto(`${base}#${route}`)
  if (signedIn) {
    await waitForProfile(page, serve.user)
    if (!known) {
      const [cookie] = await context.cookies(serve.origin)
      assert.ok(cookie, 'the sign-in link set the session cookie')
      serve.adopt(cookie)
    }
  }
  return page
}

/** waitForProfile waits until the status bar names the profile the page acts as. */
export async function waitForProfile(page, name) {
  await page.waitForFunction(
    (name) => document.querySelector('[data-test=status-profile]')?.textContent?.includes(name),
    name,
    { timeout: 15_000 },
  )
}

/** shot saves a screenshot as <artifacts>/<name>.png. */
export async function shot(page, name) {
  mkdirSync(artifactsDir, { recursive: true })
  // Let transitions (dialogs, messages) settle; disabled animations end them at once.
  await page.waitForTimeout(150)
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), animations: 'disabled' })
}

/**
 * bridge calls a facade method from inside the page, as the page's own
 * transport does: POST /api/<Struct>/<Method>, the browser adding the session
 * cookie and the page's Origin. It resolves with the status and the parsed body.
 */
export function bridge(page, struct, method, args = []) {
  return page.evaluate(
    async ({ struct, method, args }) => {
      const res = await fetch(`/api/${struct}/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(args),
      })
      const text = await res.text()
      let body = text
      try {
        body = JSON.parse(text)
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body }
    },
    { struct, method, args },
  )
}

/** expectText waits until the locator's text contains text; the failure shows what it had. */
export async function expectText(locator, text, { timeout = 10_000 } = {}) {
  const until = Date.now() + timeout
  let last = ''
  while (Date.now() < until) {
    last = (await locator.allTextContents().catch(() => [])).join(' | ')
    if (last.includes(text)) return
    await new Promise((r) => setTimeout(r, 100))
  }
  assert.fail(`expected ${locator} to contain ${JSON.stringify(text)}; it had ${JSON.stringify(last)}`)
}

/** expectNone asserts that nothing matches the selector (call it once the page has loaded). */
export async function expectNone(page, selector) {
  assert.equal(await page.locator(selector).count(), 0, `expected no ${selector} on the page`)
}

/** navLabels are the side navigation's item labels, without their badges ("soon"). */
export function navLabels(page) {
  return page.$$eval('.sider .n-menu-item-content-header', (nodes) =>
    nodes.map((n) => {
      const extra = n.querySelector('.n-menu-item-content-header__extra')?.textContent ?? ''
      return (n.textContent ?? '').replace(extra, '').trim()
    }),
  )
}

/** tableHeaders are the column titles of the first data table. */
export async function tableHeaders(page) {
  const titles = await page.locator('.n-data-table').first().locator('.n-data-table-th').allTextContents()
  return titles.map((s) => s.trim()).filter(Boolean)
}

/** setLanguage picks a language in the top bar's switch ("zh-CN" or "en"). */
export async function setLanguage(page, locale) {
  await page.locator('[data-test=language]').click()
  await page.locator('.n-dropdown-option', { hasText: locale === 'en' ? 'English' : '中文' }).click()
  await page.waitForFunction((l) => document.documentElement.lang === l, locale)
}

/** tableRow is the row of the connector list (or any data table) that shows text. */
export function tableRow(page, text) {
  return page.locator('.n-data-table-tr', { hasText: text })
}

/** openConnector goes to a connector's detail page and waits for its header. */
export async function openConnector(page, key) {
  await page.evaluate((key) => {
    window.location.hash = `#/connectors/${key}`
  }, key)
  await page.locator('[data-test=detail-name]').waitFor()
}

/**
 * submitConnectorDialog opens the new-connector dialog from the list, fills in
 * name and key and submits; it answers the dialog's locator.
 */
export async function submitConnectorDialog(page, name, key) {
  await page.locator('[data-test=create]').click()
  const dialog = page.locator('.connector-dialog')
  await dialog.waitFor()
  await dialog.locator('[data-test=name] input').fill(name)
  await dialog.locator('[data-test=key] input').fill(key)
  await dialog.locator('[data-test=submit]').click()
  return dialog
}

/** lastMessage is the newest toast message's locator. */
export function messages(page) {
  return page.locator('.n-message')
}
