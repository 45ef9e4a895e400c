import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, RouterView } from 'vue-router'
import { NDialogProvider, NMessageProvider } from 'naive-ui'
import type { FlowRunView, FlowSummary, FlowView, SchedulerStatus } from '@/api/flows'
import { createAppI18n } from '@/i18n'
import { createAppRouter } from '@/router'
import { useSession } from '@/stores/session'

// The pages talk to the backend only through @/api; the test stands in for that seam.
const api = vi.hoisted(() => ({
  list: vi.fn<() => Promise<FlowSummary[]>>(),
  scheduler: vi.fn<() => Promise<SchedulerStatus>>(),
  nextFires: vi.fn(async () => ['2026-12-05T01:00:00Z']),
  history: vi.fn(async () => []),
  disable: vi.fn(),
  get: vi.fn<(key: string) => Promise<FlowView>>(),
  run: vi.fn<(key: string, input: unknown, signal: AbortSignal) => Promise<FlowRunView>>(),
}))
vi.mock('@/api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/api')>()
  return { ...actual, flowApi: { ...actual.flowApi, ...api } }
})

const summary = (key: string, extra: Partial<FlowSummary> = {}): FlowSummary => ({
  id: key,
  key,
  name: `Flow ${key}`,
  description: '',
  owner: 'alice',
  enabled: true,
  trigger: { type: 'manual' },
  stepCount: 3,
  revision: 1,
  updatedAt: '2026-12-01T00:00:00Z',
  nextRunAt: null,
  lastVerdict: '',
  access: { level: 'maintain', canManage: true, canDelete: true },
  ...extra,
})

async function mountAt(path: string, locale: 'zh-CN' | 'en' = 'zh-CN') {
  const pinia = createPinia()
  setActivePinia(pinia)
  const session = useSession()
  session.me = { id: 'u1', name: 'alice', displayName: 'Alice', orgId: '', perms: ['connectors.view', 'connectors.create'], hasPassword: false, createdAt: '' }
  session.loaded = true
  const router = createAppRouter(createMemoryHistory())
  await router.push(path)
  await router.isReady()
  const Harness = defineComponent({ render: () => h(NMessageProvider, null, () => h(NDialogProvider, null, () => h(RouterView))) })
  const wrapper = mount(Harness, { global: { plugins: [pinia, createAppI18n(locale), router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

beforeEach(() => {
  for (const f of Object.values(api)) f.mockReset()
  api.nextFires.mockImplementation(async () => ['2026-12-05T01:00:00Z'])
  api.history.mockImplementation(async () => [])
})

describe('the 动作流 list', () => {
  it('is the page of /flows, with an empty state that offers 新建动作流', async () => {
    api.list.mockResolvedValue([])
    api.scheduler.mockRejectedValue(new Error('not built yet'))
    const { wrapper, router } = await mountAt('/flows')
    expect(router.currentRoute.value.name).toBe('flows')
    const empty = wrapper.find('[data-test="flows-empty"]')
    expect(empty.text()).toContain('还没有动作流')
    expect(empty.text()).toContain('新建动作流')
    // The scheduler status call failed: no scheduler line rather than a wrong one.
    expect(wrapper.find('[data-test="scheduler-line"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('shows each trigger in words, the next run, the last result and the scheduler', async () => {
    api.list.mockResolvedValue([
      summary('daily', { trigger: { type: 'cron', cron: '0 9 * * *', timezone: 'Asia/Shanghai' } }),
      summary('often', { trigger: { type: 'interval', everySec: 300 }, lastVerdict: 'unmet' }),
      summary('hand'),
    ])
    api.scheduler.mockResolvedValue({ held: true, label: 'junction scheduler on host (pid 7)', self: false, since: null, expiresAt: null })
    const { wrapper } = await mountAt('/flows')
    const text = wrapper.find('[data-test="flows-table"]').text()
    expect(text).toContain('每天 09:00（Asia/Shanghai）')
    expect(text).toContain('每 5 分钟')
    expect(text).toContain('手动')
    expect(text).toContain('条件未满足')
    expect(text).toContain('未运行')
    // The next fire of the timed flows, asked for since the summary has none; none for the manual one.
    expect(api.nextFires).toHaveBeenCalledTimes(2)
    expect(wrapper.find('[data-test="scheduler-line"]').text()).toContain('调度器：由 junction scheduler on host (pid 7) 持有')
    wrapper.unmount()
  })

  it('switches a flow off with Disable', async () => {
    api.list.mockResolvedValue([summary('hand')])
    api.scheduler.mockResolvedValue({ held: true, label: '', self: true, since: null, expiresAt: null })
    api.disable.mockResolvedValue({ ...summary('hand'), enabled: false })
    const { wrapper } = await mountAt('/flows', 'en')
    expect(wrapper.find('[data-test="scheduler-line"]').text()).toContain('Scheduler: this window')
    await wrapper.find('[data-test="enable-hand"]').trigger('click')
    await flushPromises()
    expect(api.disable).toHaveBeenCalledWith('hand')
    wrapper.unmount()
  })

  it('reads the lease again while open: another process taking it over shows', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    try {
      api.list.mockResolvedValue([summary('hand')])
      api.scheduler.mockResolvedValue({ held: true, label: '', self: true, since: null, expiresAt: '2026-12-04T10:00:30Z' })
      const { wrapper } = await mountAt('/flows', 'en')
      const line = () => wrapper.find('[data-test="scheduler-line"]').text()
      expect(line()).toContain('Scheduler: this window')
      expect(line(), "this window's own lease expiry says nothing to the user").not.toContain('10:00')
      api.scheduler.mockResolvedValue({ held: true, label: 'junction scheduler on host (pid 7)', self: false, since: null, expiresAt: null })
      vi.advanceTimersByTime(15_000)
      await flushPromises()
      expect(line()).toContain('junction scheduler on host (pid 7)')
      wrapper.unmount()
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('run now', () => {
  it("colours the steps from the run's answer, with no events at all", async () => {
    api.list.mockResolvedValue([summary('demo')])
    api.scheduler.mockRejectedValue(new Error('not built yet'))
    api.get.mockResolvedValue({
      ...summary('demo'),
      inputs: [],
      steps: [
        { key: 'code', name: '', invoke: 'p/get-code', inputs: {}, onFailure: 'stop' },
        { key: 'token', name: '', invoke: 'p/get-token', inputs: {}, onFailure: 'stop' },
        { key: 'departments', name: '', invoke: 'p/list', inputs: {}, onFailure: 'stop' },
      ],
    } as unknown as FlowView)
    api.run.mockResolvedValue({
      runId: 'r1',
      flow: 'demo',
      trigger: 'manual',
      verdict: 'unmet',
      ok: false,
      message: 'The platform refused the token: invalid app key or app secret',
      reused: [],
      steps: [
        { key: 'code', verdict: 'ok', attempts: 1, status: 200, outputs: {}, message: '', items: [] },
        { key: 'token', verdict: 'unmet', attempts: 1, status: 401, outputs: {}, message: 'The platform refused the token: invalid app key or app secret', items: [] },
      ],
      outputs: {},
      timing: { totalMs: 42 },
    } as FlowRunView)
    const { wrapper } = await mountAt('/flows')
    await wrapper.find('[data-test="run-demo"]').trigger('click')
    await flushPromises()
    const drawer = document.querySelector('[data-test="run-drawer"]')!
    const state = (key: string) => drawer.querySelector(`[data-test="run-step-${key}"]`)?.getAttribute('data-state')
    expect([state('code'), state('token'), state('departments')]).toEqual(['ok', 'unmet', 'notRun'])
    expect(drawer.querySelector('[data-test="run-step-token"] [data-test="step-message"]')?.textContent).toContain('invalid app key or app secret')
    expect(drawer.querySelector('[data-test="rerun-failed"]')?.textContent).toContain('从失败步骤重新运行')
    wrapper.unmount()
  })
})

describe('cancel', () => {
  it('aborts the running call: the running step ends cancelled, the rest not run', async () => {
    api.list.mockResolvedValue([summary('demo')])
    api.scheduler.mockRejectedValue(new Error('not built yet'))
    api.get.mockResolvedValue({
      ...summary('demo'),
      inputs: [],
      steps: [
        { key: 'a', name: '', invoke: 'p/a', inputs: {}, onFailure: 'stop' },
        { key: 'b', name: '', invoke: 'p/b', inputs: {}, onFailure: 'stop' },
      ],
    } as unknown as FlowView)
    let signal: AbortSignal | undefined
    api.run.mockImplementation(
      (_key, _input, s) =>
        new Promise((_resolve, reject) => {
          signal = s
          s.addEventListener('abort', () => reject(s.reason))
        }),
    )
    const { wrapper } = await mountAt('/flows')
    await wrapper.find('[data-test="run-demo"]').trigger('click')
    await flushPromises()
    const drawer = document.querySelector('[data-test="run-drawer"]')!
    expect(drawer.querySelector('[data-test="run-verdict"]')?.getAttribute('data-state')).toBe('running')
    ;(drawer.querySelector('[data-test="run-cancel"]') as HTMLElement).click()
    await flushPromises()
    expect(signal?.aborted).toBe(true)
    expect(drawer.querySelector('[data-test="run-verdict"]')?.getAttribute('data-state')).toBe('cancelled')
    expect(drawer.querySelector('[data-test="run-step-b"]')?.getAttribute('data-state')).toBe('notRun')
    wrapper.unmount()
  })
})
