// The test HTTP server and the bridge together: an interface of a seeded
// connector calls the test's own remote system through `junction serve`; its
// verdict follows the remote's answer (ok, then unmet with the configured
// message). The test console's UI will drive the same calls; until then this
// file calls the facade the way the page does.
import assert from 'node:assert/strict'
import { bridge } from './lib/browser.mjs'
import { connection, connector, iface } from './lib/fixtures.mjs'
import { remoteScenario } from './lib/scenario.mjs'

const s = remoteScenario((remote) =>
  connector('crm', {
    name: 'CRM',
    connections: [connection('local', { host: remote.host, basePath: '/api' })],
    interfaces: [
      iface('get-customer', 'local', {
        path: '/customers/{id}',
        request: [{ name: 'id', in: 'path', type: 'integer', required: true, source: { kind: 'input' } }],
        response: [{ name: 'name', type: 'string', path: 'data.name' }],
        messages: { unmet: 'CRM said: {{response.msg}}' },
      }),
    ],
  }),
)

s.test('an invocation through the bridge follows the remote answer', async ({ open }) => {
  const page = await open()
  const call = () => bridge(page, 'Interfaces', 'Invoke', ['crm', 'get-customer', { inputs: { id: 7 } }])

  s.remote.ok()
  const ok = await call()
  assert.equal(ok.status, 200, JSON.stringify(ok.body))
  assert.equal(ok.body.verdict, 'ok')
  assert.equal(ok.body.outputs.name, 'Alice')
  assert.equal(s.remote.requests.at(-1).url, '/api/customers/7')

  s.remote.broken()
  const unmet = await call()
  assert.equal(unmet.body.verdict, 'unmet')
  assert.equal(unmet.body.message, 'CRM said: boom')

  const history = await bridge(page, 'Interfaces', 'ListHistory', ['crm', 'get-customer', 10])
  assert.deepEqual(history.body.map((h) => h.verdict), ['unmet', 'ok'])

  // The command line sees the same remote and the same store.
  const cli = await s.store.cli(['invoke', 'crm/get-customer', '--input', 'id=7', '--json'])
  assert.equal(cli.code, 1, 'unmet')
  assert.equal(cli.json().message, 'CRM said: boom')
  s.remote.ok()
  assert.equal((await s.store.cli(['invoke', 'crm/get-customer', '--input', 'id=7'])).code, 0)
  assert.equal(s.remote.requests.length, 4)
})
