import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
// Imported before anything that loads @/api: the vi.mock factories below call it then.
import { withApiOverrides } from '@/test/mockApi'
import { h } from 'vue'
import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import type { ConnectorDetail } from '@/api'
import type { ConsoleResult, HistoryDetail, HistoryItem, InvokeInput } from '@/api/console'
import type { InterfaceInput, InterfaceView, RequestParam, ResponseParam } from '@/api/interfaces'
import { createAppRouter } from '@/router'
import { useSession } from '@/stores/session'
import { mountWithProviders } from '@/test/mount'
import ConsolePage from './ConsolePage.vue'

// The page reaches the backend only through @/api and @/api/console; the test stands in for both.
const getConnector = vi.fn<(key: string) => Promise<ConnectorDetail>>()
const getIface = vi.fn<(c: string, k: string) => Promise<InterfaceView>>()
const test = vi.fn<(c: string, k: string, in_: InvokeInput) => Promise<ConsoleResult>>()
// The abort signal of the latest call, which cancels it in the backend.
let lastSignal: AbortSignal | undefined
const history = vi.fn<(c: string, k: string, limit?: number) => Promise<HistoryItem[]>>()
const historyDetail = vi.fn<(id: string) => Promise<HistoryDetail>>()
const updateIface = vi.fn<(c: string, k: string, input: InterfaceInput) => Promise<InterfaceView>>()
const fromSample = vi.fn<(sample: string) => Promise<ResponseParam[]>>()
vi.mock('@/api', (importOriginal) =>
  withApiOverrides<typeof import('@/api')>(importOriginal, {
    connectors: { get: (k: string) => getConnector(k) },
    ifaceApi: {
      get: (c: string, k: string) => getIface(c, k),
      update: (c: string, k: string, input: InterfaceInput) => updateIface(c, k, input),
      responseFromSample: (sample: string) => fromSample(sample),
    },
  }),
)
vi.mock('@/api/console', (importOriginal) =>
  withApiOverrides<typeof import('@/api/console')>(importOriginal, {
    consoleApi: {
      test: (c: string, k: string, in_: InvokeInput, signal?: AbortSignal) => {
        lastSignal = signal
        return test(c, k, in_)
      },
      history: (c: string, k: string, limit?: number) => history(c, k, limit),
      historyDetail: (id: string) => historyDetail(id),
    },
  }),
)

const input = { kind: 'input' }
const request: RequestParam[] = [
  { name: 'id', in: 'path', type: 'integer', required: true, source: input, description: '' },
  { name: 'verbose', in: 'query', type: 'boolean', required: false, source: input, default: true, description: '' },
  { name: 'lang', in: 'query', type: 'string', required: false, source: { kind: 'static', value: 'zh' }, description: '' },
  {
    name: 'user',
    in: 'body',
    type: 'object',
    required: false,
    source: input,
    description: '',
    children: [{ name: 'name', type: 'string', required: true, source: input, description: '' }],
  },
]

const iface = (): InterfaceView =>
  ({
    id: 'i1',
    key: 'get-user',
    name: 'Get user',
    description: '',
    connectorId: 'c1',
    connectionId: 'conn1',
    connectionKey: 'prod',
    method: 'POST',
    path: '/users/{id}',
    bodyType: 'json',
    request,
    response: [],
    success: { field: 'status', op: 'eq', value: 200 },
    messages: { unmet: '', timeout: '', error: '' },
    revision: 1,
    createdAt: '',
    createdBy: '',
    updatedAt: '',
    updatedBy: '',
  }) as InterfaceView

const conn = (key: string, status: 'active' | 'sealed', accounts: { name: string; default: boolean }[] = []) => ({
  id: key,
  key,
  name: key,
  status,
  auth: { type: 'bearer' },
  accounts: accounts.map((a) => ({ id: a.name, fields: {}, secrets: [], ...a })),
})

const detail = () =>
  ({
    key: 'crm',
    name: 'CRM',
    connectionList: [conn('prod', 'active', [{ name: 'ops', default: true }, { name: 'ro', default: false }]), conn('old', 'sealed'), conn('test', 'active')],
    interfaceList: [],
  }) as unknown as ConnectorDetail

const result = (over: Partial<ConsoleResult> = {}): ConsoleResult => ({
  verdict: 'ok',
  ok: true,
  message: 'The call succeeded (HTTP 200)',
  status: 200,
  outputs: { code: 0 },
  request: { method: 'POST', url: 'http://h/users/7', headers: { Authorization: '[redacted]' }, body: '{}' },
  response: { headers: { 'Content-Type': 'application/json' }, body: '{"code":0}', truncated: false, size: 10, charset: 'UTF-8', contentType: 'application/json' },
  timing: { totalMs: 12, dnsMs: 1, connectMs: 1, tlsMs: 0, firstByteMs: 10 },
  redirects: [],
  notes: [],
  noteList: [],
  defaultMessage: false,
  historyId: 'h-new',
  bodyClipped: false,
  bodyBytes: 10,
  ...over,
})

const mounted: { unmount: () => void }[] = []

const user = (profile: string) => ({ id: profile, name: profile, displayName: profile, orgId: '', perms: ['connectors.view' as const], hasPassword: false, createdAt: '' })

async function mountPage(profile: string | null = 'alice') {
  setActivePinia(createPinia())
  if (profile !== null) useSession().me = user(profile)
  const router = createAppRouter(createMemoryHistory())
  await router.push('/connectors/crm/interfaces/get-user/test')
  await router.isReady()
  const wrapper = mountWithProviders(() => h(ConsolePage, { connectorKey: 'crm', ifaceKey: 'get-user' }), {
    locale: 'en',
    plugins: [router],
    dialog: true,
    attachTo: document.body,
  })
  mounted.push(wrapper)
  await flushPromises()
  return wrapper
}

const field = (w: Awaited<ReturnType<typeof mountPage>>, path: string) => w.find(`[data-field="${path}"] input`)
/** Clicks what selector finds and lets the page settle. */
async function click(w: Awaited<ReturnType<typeof mountPage>>, selector: string) {
  await w.find(selector).trigger('click')
  await flushPromises()
}
/** Asserts that the page sent get-user of crm with this target and these inputs. */
const expectSent = (call: { connection: string; account: string; noAccount: boolean; inputs: Record<string, unknown> }) =>
  expect(test).toHaveBeenCalledWith('crm', 'get-user', call)

beforeEach(() => {
  localStorage.clear()
  getConnector.mockResolvedValue(detail())
  getIface.mockResolvedValue(iface())
  test.mockResolvedValue(result())
  history.mockResolvedValue([])
})
afterEach(() => {
  // Unmounting removes each page's Ctrl+Enter listener from window.
  for (const w of mounted.splice(0)) w.unmount()
  vi.clearAllMocks()
  document.body.innerHTML = ''
})

describe('ConsolePage', () => {
  it('shows the form only once the session has arrived, so nothing typed is replaced by it', async () => {
    const w = await mountPage(null)
    expect(field(w, 'id').exists(), 'no form before the session').toBe(false)
    useSession().me = user('alice')
    await flushPromises()
    await field(w, 'id').setValue('9')
    useSession().loaded = true
    await flushPromises()
    expect((field(w, 'id').element as HTMLInputElement).value).toBe('9')
  })

  it('builds the form from the input params, with their defaults', async () => {
    const w = await mountPage()
    expect(w.find('[data-test=console-title]').text()).toBe('Get user')
    expect(w.findAll('[data-in]').map((s) => s.attributes('data-in'))).toEqual(['path', 'query', 'body'])
    expect(w.find('[data-field="lang"]').exists()).toBe(false)
    expect(w.find('[data-field="user.name"]').exists()).toBe(true)
    expect(w.find('[data-field="verbose"] .n-switch').classes()).toContain('n-switch--active')
  })

  it('refuses to send while a required input is missing, and names it', async () => {
    const w = await mountPage()
    await click(w, '[data-test=send]')
    expect(test).not.toHaveBeenCalled()
    expect(w.find('[data-field="id"]').classes()).toContain('invalid')
  })

  it('sends typed inputs to the own connection with the default account, and shows the verdict', async () => {
    const w = await mountPage()
    await field(w, 'id').setValue('7')
    await field(w, 'user.name').setValue('Ann')
    await click(w, '[data-test=send]')
    expectSent({ connection: '', account: 'ops', noAccount: false, inputs: { id: 7, verbose: true, user: { name: 'Ann' } } })
    expect(w.find('[data-test=result] [data-test=verdict]').text()).toContain('OK')
    expect(w.find('[data-test=status]').text()).toBe('HTTP 200')
    expect(history).toHaveBeenLastCalledWith('crm', 'get-user', 200)
  })

  it('sends on Ctrl+Enter and remembers the inputs for the next visit', async () => {
    const w = await mountPage()
    await field(w, 'id').setValue('9')
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true }))
    await flushPromises()
    expect(test).toHaveBeenCalledTimes(1)
    expect(test.mock.calls[0]![2].inputs).toEqual({ id: 9, verbose: true })
    w.unmount()

    const again = await mountPage()
    expect((field(again, 'id').element as HTMLInputElement).value).toBe('9')
  })

  it("keeps each profile's inputs to itself", async () => {
    const w = await mountPage('alice')
    await field(w, 'id').setValue('9')
    await click(w, '[data-test=send]')
    w.unmount()

    const bob = await mountPage('bob')
    expect((field(bob, 'id').element as HTMLInputElement).value, "bob does not see alice's inputs").toBe('')
    await field(bob, 'id').setValue('4')
    await click(bob, '[data-test=send]')
    bob.unmount()

    const alice = await mountPage('alice')
    expect((field(alice, 'id').element as HTMLInputElement).value, "bob's inputs did not overwrite alice's").toBe('9')
  })

  it('edits all inputs as one JSON object that starts from a skeleton, and lists stray keys to remove', async () => {
    const w = await mountPage()
    await field(w, 'id').setValue('3')
    await w.find('[data-test=json-mode] input').setValue(true)
    await flushPromises()
    const editor = w.find('[data-test=json-editor] textarea')
    expect(JSON.parse((editor.element as HTMLTextAreaElement).value)).toEqual({ id: 3, verbose: true, user: { name: null } })
    await editor.setValue('{"id": 5, "campaign": "spring", "usr": {}}')
    await flushPromises()
    expect(w.findAll('[data-stray]').map((e) => e.attributes('data-stray'))).toEqual(['campaign', 'usr'])
    await click(w, '[data-stray="usr"] button')
    expect(JSON.parse((editor.element as HTMLTextAreaElement).value)).toEqual({ id: 5, campaign: 'spring' })
    await click(w, '[data-test=send]')
    expect(test.mock.calls[0]![2].inputs).toEqual({ id: 5, campaign: 'spring' })
    await click(w, '[data-test=stray] button')
    expect(w.find('[data-test=stray]').exists()).toBe(false)
    expect(JSON.parse((editor.element as HTMLTextAreaElement).value)).toEqual({ id: 5 })
  })

  it('gives a list a mapping reads its own rows, sent as that input', async () => {
    getIface.mockResolvedValue({
      ...iface(),
      request: [
        ...request,
        {
          name: 'members', in: 'body', type: 'array', required: false, description: '',
          source: { kind: 'map', value: '{{input.users}}' },
          children: [{ name: 'name', type: 'string', required: false, description: '', source: { kind: 'template', value: '{{item.name}}' } }],
        },
      ],
    } as InterfaceView)
    const w = await mountPage()
    expect(w.find('[data-field="users"] [data-test=mapped-by]').text()).toContain('members')
    await click(w, '[data-field="users"] .add')
    await field(w, 'users[0].name').setValue('Ann')
    await field(w, 'id').setValue('1')
    await click(w, '[data-test=send]')
    expect(test.mock.calls[0]![2].inputs).toEqual({ id: 1, verbose: true, users: [{ name: 'Ann' }] })
  })

  it('shows a failed token request as its own step, and no timing for a request never sent', async () => {
    test.mockResolvedValue(
      result({
        verdict: 'error',
        ok: false,
        status: 0,
        notSent: true,
        timing: { totalMs: 40, dnsMs: 0, connectMs: 0, tlsMs: 0, firstByteMs: 0 },
        tokenStep: {
          request: { method: 'POST', url: 'http://h/token', headers: { 'Content-Type': 'application/json' }, body: '{"appSecret":"[redacted]"}' },
          status: 401, responseHeaders: {}, responseBody: '{"msg":"invalid appKey"}', ms: 38,
          tokenPath: 'data.token', tokenFound: false, expiresInSec: 0, expiresFrom: '', error: 'the token request failed: HTTP 401',
        },
      }),
    )
    const w = await mountPage()
    await field(w, 'id').setValue('1')
    await click(w, '[data-test=send]')
    const step = w.find('[data-test=token-step]')
    expect(step.exists()).toBe(true)
    expect(step.find('[data-test=token-error]').text()).toContain('HTTP 401')
    expect(step.find('[data-test=token-answer]').text()).toContain('invalid appKey')
    expect(step.find('[data-test=token-ms]').text()).toBe('38.0 ms')
    expect(w.find('[data-test=timing]').exists()).toBe(false)
    expect(w.find('[data-test=not-sent]').exists()).toBe(true)
  })

  it('re-runs a call from the history with its inputs, connection and account', async () => {
    history.mockResolvedValue([
      { id: 'h1', at: '2026-11-23T08:00:00Z', kind: 'test', verdict: 'unmet', message: 'no', status: 200, totalMs: 3, actor: 'alice', account: 'ro', connection: 'test' },
    ])
    historyDetail.mockResolvedValue({
      ...result({ verdict: 'unmet' }),
      id: 'h1',
      at: '2026-11-23T08:00:00Z',
      kind: 'test',
      totalMs: 3,
      actor: 'alice',
      account: '',
      connection: 'test',
      connector: 'crm',
      interface: 'get-user',
      inputs: { id: 11, user: { name: 'Bo' } },
      response: { ...result().response, capped: false, canViewAs: true },
      outputs: {},
      notes: [],
    } as HistoryDetail)
    const w = await mountPage()
    await click(w, '[data-test=rerun]')
    expectSent({ connection: 'test', account: '', noAccount: true, inputs: { id: 11, verbose: true, user: { name: 'Bo' } } })
  })

  it('opens the bulk dialog with the response as the response params sample, and saves what it gives', async () => {
    getConnector.mockResolvedValue({ ...detail(), access: { level: 'maintain' } } as unknown as ConnectorDetail)
    fromSample.mockResolvedValue([{ name: 'code', type: 'integer', path: 'code' }])
    updateIface.mockImplementation(async (_c, _k, input) => ({ ...iface(), response: input.response }) as InterfaceView)
    const w = await mountPage()
    await field(w, 'id').setValue('1')
    await click(w, '[data-test=send]')
    await click(w, '[data-test=use-sample]')
    const sample = document.querySelector<HTMLTextAreaElement>('[data-test=bulk-sample] textarea')
    expect(sample?.value).toBe('{"code":0}')
    await vi.waitFor(() => expect(fromSample).toHaveBeenCalledWith('{"code":0}'))
    await vi.waitFor(() => expect(document.querySelector<HTMLButtonElement>('[data-test=bulk-apply]')?.disabled).toBe(false))
    document.querySelector<HTMLButtonElement>('[data-test=bulk-apply]')!.click()
    await flushPromises()
    expect(updateIface).toHaveBeenCalledTimes(1)
    expect(updateIface.mock.calls[0]![2].response).toEqual([{ name: 'code', type: 'integer', path: 'code' }])
    expect(updateIface.mock.calls[0]![2].path).toBe('/users/{id}')
  })

  it('offers no sample button to a viewer', async () => {
    const w = await mountPage()
    await field(w, 'id').setValue('1')
    await click(w, '[data-test=send]')
    expect(w.find('[data-test=use-sample]').exists()).toBe(false)
  })

  it('ignores the answer of a cancelled call', async () => {
    let answer: (r: ConsoleResult) => void = () => {}
    test.mockReturnValue(new Promise((r) => (answer = r)))
    const w = await mountPage()
    await field(w, 'id').setValue('1')
    await click(w, '[data-test=send]')
    expect(w.find('[data-test=busy]').exists()).toBe(true)
    await w.find('[data-test=cancel]').trigger('click')
    answer(result())
    await flushPromises()
    expect(w.find('[data-test=busy]').exists()).toBe(false)
    expect(w.find('[data-test=result] [data-test=verdict]').exists()).toBe(false)
  })

  it('cancel aborts the call in the backend', async () => {
    test.mockReturnValue(new Promise(() => {}))
    const w = await mountPage()
    await field(w, 'id').setValue('1')
    await click(w, '[data-test=send]')
    const signal = lastSignal
    expect(signal?.aborted).toBe(false)
    await w.find('[data-test=cancel]').trigger('click')
    expect(signal?.aborted).toBe(true)
  })
})
