// First paint on a 10,000-connector store (issue 10 point 4): how long after
// navigation the connector centre shows its first row, with an empty cache and
// with a warm one. The figures go to test-artifacts/first-paint.json and the
// log; the test asserts only what is shown: the store's first page, in its
// order, and the count of 10,000. A speed target is no assertion here.
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { repoRoot } from './lib/env.mjs'
import { connector, pkg } from './lib/fixtures.mjs'
import { scenario } from './lib/scenario.mjs'
import { zh } from './lib/i18n.mjs'

const connectors = 10_000
const rounds = 5
const firstPage = 50

// One package of small connectors, imported through the CLI before serve starts (≈5 s).
const s = scenario({
  seed: ({ store }) =>
    store.importPackage(pkg(...Array.from({ length: connectors }, (_, i) => connector(`c${String(i).padStart(5, '0')}`, { name: `Connector ${i}` })))),
})

// A page in a new browser context (an empty cache) with the scenario's session
// cookie, the first row marked, the console watched.
async function freshPage() {
  const context = await s.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
  await context.addCookies([{ ...s.serve.cookie(), url: s.serve.origin, httpOnly: true, sameSite: 'Strict' }])
  await context.addInitScript(markFirstRow)
  const page = await context.newPage()
  page.problems = []
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`))
  page.on('console', (m) => m.type() === 'error' && page.problems.push(`console: ${m.text()}`))
  return page
}

// Marks, in the page's own clock (ms since navigation start), when the first
// row is in the DOM and when the frame holding it has been painted.
function markFirstRow() {
  const seen = () => document.querySelector('.connector-list tbody .n-data-table-tr')
  const observer = new MutationObserver(() => {
    if (!seen()) return
    observer.disconnect()
    window.__firstRowInDom = performance.now()
    requestAnimationFrame(() => setTimeout(() => (window.__firstRowPainted = performance.now())))
  })
  observer.observe(document, { childList: true, subtree: true })
}

async function measure(page) {
  await page.waitForFunction(() => window.__firstRowPainted !== undefined, null, { timeout: 30_000 })
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0]
    const resources = performance.getEntriesByType('resource')
    const scripts = resources.filter((r) => r.name.includes('/assets/'))
    const list = resources.find((r) => r.name.includes('/api/Connectors/List'))
    return {
      // The first page's API call, from its start to its last byte.
      listCallMs: list ? Math.round(list.responseEnd - list.startTime) : null,
      firstRowInDomMs: Math.round(window.__firstRowInDom),
      firstRowPaintedMs: Math.round(window.__firstRowPainted),
      domContentLoadedMs: Math.round(nav.domContentLoadedEventEnd),
      assets: scripts.length,
      assetsTransferredKB: Math.round(scripts.reduce((n, r) => n + r.transferSize, 0) / 1024),
      assetsDecodedKB: Math.round(scripts.reduce((n, r) => n + r.decodedBodySize, 0) / 1024),
    }
  })
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

s.test('the connector centre of a 10,000-connector store: first paint, cold and warm', async ({ open }) => {
  // Signs in once; every measured page then starts with the session cookie.
  const first = await open({ route: '/connectors' })
  await first.context().close()
  const expected = (await s.store.json(['connector', 'list'])).slice(0, firstPage).map((c) => c.key)

  const cold = []
  const warm = []
  for (let round = 0; round < rounds; round++) {
    const page = await freshPage()
    await page.goto(`${s.serve.origin}/#/connectors`)
    cold.push(await measure(page))

    if (round === 0) {
      // What is shown: the store's first page in its order, and the count.
      const keys = await page.locator('.connector-list tbody .n-data-table-tr td:nth-child(2)').allInnerTexts()
      assert.deepEqual(keys.map((k) => k.trim()), expected)
      await page.locator('.n-data-table__pagination', { hasText: zh('connectors.list.total', { n: connectors }) }).waitFor()
      assert.deepEqual(page.problems, [])
    }

    // A warm cache: the same context loads the page again.
    await page.reload()
    warm.push(await measure(page))
    await page.context().close()
  }

  const summary = (runs) => ({
    medianFirstRowPaintedMs: median(runs.map((r) => r.firstRowPaintedMs)),
    medianFirstRowInDomMs: median(runs.map((r) => r.firstRowInDomMs)),
    runs,
  })
  const result = {
    connectors,
    rounds,
    loadAverage: os.loadavg().map((x) => x.toFixed(2)).join(' '),
    cores: os.cpus().length,
    chromium: s.browser.version(),
    cold: summary(cold),
    warm: summary(warm),
  }
  const dir = path.join(repoRoot, 'test-artifacts')
  mkdirSync(dir, { recursive: true })
  writeFileSync(path.join(dir, 'first-paint.json'), JSON.stringify(result, null, 2) + '\n')
  console.log(`# ${JSON.stringify({ cold: result.cold.medianFirstRowPaintedMs, warm: result.warm.medianFirstRowPaintedMs, load: result.loadAverage })}`)
  for (const [i, run] of warm.entries()) {
    assert.ok(run.assetsTransferredKB < cold[i].assetsTransferredKB, `round ${i + 1}: the reload took the hashed assets from the cache`)
  }
  console.log(
    `# first paint, ${connectors} connectors: cold median ${result.cold.medianFirstRowPaintedMs} ms, ` +
      `warm median ${result.warm.medianFirstRowPaintedMs} ms (load average ${result.loadAverage}); test-artifacts/first-paint.json`,
  )
})
