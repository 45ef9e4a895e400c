// One scenario file = one store, one `junction serve` on it, one browser.
//
//   import { scenario } from './lib/scenario.mjs'
//   const s = scenario({ user: 'admin', remote: true, seed: async (s) => { await s.store.importPackage(...) } })
//   s.test('does a thing', async ({ open }) => {
//     const page = await open()               // the studio, logged in as the scenario's user
//     ...assert on the page, then on the store: await s.store.json(['connector', 'show', 'crm'])
//   })
//
// s.store   the temp store (Store in store.mjs: cli, json, importPackage, addUser)
// s.serve   the running `junction serve` (serve.mjs: url, origin, session, stop)
// s.remote  the test HTTP server when remote: true (testserver.mjs: host, ok(), broken(), requests)
// s.browser the Chromium instance (browser.mjs has the page helpers)
//
// Each test gets fresh browser contexts; a failing test leaves FAILED-<test>.png
// screenshots; a test whose pages logged console errors fails. After the last
// test the server must stop cleanly on SIGINT (exit 0).
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { launchBrowser, openApp, shot } from './browser.mjs'
import { pkg } from './fixtures.mjs'
import { startServe } from './serve.mjs'
import { ADMIN, tempStore } from './store.mjs'
import { testServer } from './testserver.mjs'

export function scenario({ user = ADMIN, seed, serve = true, remote = false } = {}) {
  const s = { user, store: undefined, serve: undefined, remote: undefined, browser: undefined }

  before(async () => {
    if (remote) s.remote = await testServer()
    s.store = await tempStore()
    if (seed) await seed(s)
    if (serve) s.serve = await startServe(s.store, { user })
    s.browser = await launchBrowser()
  })

  after(async () => {
    await s.browser?.close()
    await s.remote?.close()
    const code = await s.serve?.stop()
    if (!process.env.E2E_KEEP) await s.store?.remove()
    else if (s.store) console.log(`# kept the store of this scenario in ${s.store.dir}`)
    if (s.serve) assert.equal(code, 0, `junction serve should exit 0 on SIGINT; stderr:\n${s.serve.stderr()}`)
  })

  /** s.test is node:test's test() with pages that are cleaned up and checked. */
  s.test = (name, fn, options = {}) =>
    test(name, { timeout: 60_000, ...options }, async (t) => {
      const pages = []
      const helpers = {
        /** open opens the studio (see openApp); opts.serve picks another server than the scenario's. */
        open: async (opts = {}) => {
          const page = await openApp(s.browser, opts.serve ?? s.serve, opts)
          pages.push(page)
          return page
        },
        t,
      }
      try {
        await fn(helpers)
        for (const page of pages) {
          assert.deepEqual(page.problems, [], 'the page logged errors')
        }
      } catch (err) {
        const slug = name.replace(/[^\w-]+/g, '-').slice(0, 60)
        for (const [i, page] of pages.entries()) {
          await shot(page, `FAILED-${slug}${i ? `-${i}` : ''}`).catch(() => undefined)
        }
        throw err
      } finally {
        for (const page of pages) await page.context().close().catch(() => undefined)
      }
    })

  return s
}

// A scenario whose store holds these connectors, imported as one package.
export function seededScenario(...connectors) {
  return scenario({ seed: ({ store }) => store.importPackage(pkg(...connectors)) })
}

// The common seed: one connector, built against the test HTTP server, imported as a package.
export function remoteScenario(build) {
  return scenario({ remote: true, seed: ({ store, remote }) => store.importPackage(pkg(build(remote))) })
}
