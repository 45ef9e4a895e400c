import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, RouterView } from 'vue-router'
import { NDialogProvider, NMessageProvider, NSelect } from 'naive-ui'
import { ApiError } from '@/api'
import type { ConnectorDetail } from '@/api'
import type { FlowInput } from '@/api/flows'
import type { InterfaceView } from '@/api/interfaces'
import { createAppI18n } from '@/i18n'
import { createAppRouter } from '@/router'
import { useSession } from '@/stores/session'

// The editor talks to the backend only through @/api; the test stands in for that seam.
const api = vi.hoisted(() => ({
  create: vi.fn<(input: FlowInput) => Promise<unknown>>(),
  nextFires: vi.fn<(trigger: unknown, n: number) => Promise<string[]>>(),
  list: vi.fn(async () => ({ items: [{ key: 'crm' }], total: 1, tags: [] })),
  getConnector: vi.fn<(key: string) => Promise<ConnectorDetail>>(),
  getIface: vi.fn<(c: string, i: string) => Promise<InterfaceView>>(),
}))
vi.mock('@/api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/api')>()
  return {
    ...actual,
    flowApi: { ...actual.flowApi, create: api.create, nextFires: api.nextFires },
    connectors: { ...actual.connectors, list: api.list, get: api.getConnector },
    ifaceApi: { ...actual.ifaceApi, get: api.getIface },
  }
})

const crm = {
  key: 'crm',
  name: 'CRM',
  status: 'active',
  connectionList: [{ key: 'prod', name: 'Prod', status: 'active', accounts: [] }],
  interfaceList: [
    { key: 'get-user', name: 'Get user', connectionKey: 'prod', connectionStatus: 'active' },
    { key: 'old', name: 'Old', connectionKey: 'legacy', connectionStatus: 'sealed' },
  ],
} as unknown as ConnectorDetail

const getUser = {
  key: 'get-user',
  name: 'Get user',
  request: [
    { name: 'uid', in: 'query', type: 'string', required: true, source: { kind: 'input' } },
    { name: 'lang', in: 'query', type: 'string', required: false, source: { kind: 'static', value: 'zh' } },
  ],
  response: [{ name: 'name', type: 'string', path: 'name' }],
} as unknown as InterfaceView

/** pick sets the step's interface select as a click on its option does; jsdom draws no virtual list. */
async function pickInterface(wrapper: ReturnType<typeof mount>, index: number, value: string) {
  const select = wrapper.findAllComponents(NSelect).find((c) => c.attributes('data-test') === `step-invoke-${index}`)!
  ;(select.props('onUpdate:value') as (v: string) => void)(value)
  await flushPromises()
  return select
}

async function mountEditor() {
  const pinia = createPinia()
  setActivePinia(pinia)
  const session = useSession()
  session.me = { id: 'u1', name: 'alice', displayName: 'Alice', orgId: '', perms: ['connectors.view', 'connectors.create'], hasPassword: false, createdAt: '' }
  session.loaded = true
  const router = createAppRouter(createMemoryHistory())
  await router.push('/flows/new')
  await router.isReady()
  const Harness = defineComponent({ render: () => h(NMessageProvider, null, () => h(NDialogProvider, null, () => h(RouterView))) })
  const wrapper = mount(Harness, { global: { plugins: [pinia, createAppI18n('zh-CN'), router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

beforeEach(() => {
  for (const f of Object.values(api)) f.mockReset()
  api.list.mockImplementation(async () => ({ items: [{ key: 'crm' }], total: 1, tags: [] }))
  api.getConnector.mockResolvedValue(crm)
  api.getIface.mockResolvedValue(getUser)
  api.nextFires.mockResolvedValue([])
  document.body.innerHTML = ''
})

describe('the flow editor', () => {
  it('offers the interfaces a step may call (not a sealed connection’s) and maps only the input params', async () => {
    const { wrapper } = await mountEditor()
    const select = wrapper.findAllComponents(NSelect).find((c) => c.attributes('data-test') === 'step-invoke-0')!
    const groups = select.props('options') as { label: string; children: { value: string }[] }[]
    expect(groups.map((g) => [g.label, g.children.map((o) => o.value)])).toEqual([['CRM', ['crm/get-user']]])
    await pickInterface(wrapper, 0, 'crm/get-user')
    expect(api.getIface).toHaveBeenCalledWith('crm', 'get-user')
    expect(wrapper.find('[data-test="map-0-uid"]').exists()).toBe(true)
    // A static param is the interface's own: nothing to map.
    expect(wrapper.find('[data-test="map-0-lang"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it("shows a save error at the step and field its path names", async () => {
    api.create.mockRejectedValue(
      new ApiError('validation', 'steps[0].inputs.uid: {{input.who}}: the flow has no input named "who"', { field: 'steps[0].inputs.uid' }),
    )
    const { wrapper } = await mountEditor()
    await wrapper.find('[data-test="flow-key"] input').setValue('f')
    await wrapper.find('[data-test="flow-name"] input').setValue('F')
    await pickInterface(wrapper, 0, 'crm/get-user')
    await wrapper.find('[data-test="map-input-0-uid"] input').setValue('{{input.who}}')
    await wrapper.find('[data-test="flow-save"]').trigger('click')
    await flushPromises()
    const sent = api.create.mock.calls[0]![0]
    expect(sent.steps[0]).toMatchObject({ key: 'step1', invoke: 'crm/get-user', inputs: { uid: '{{input.who}}' } })
    const card = wrapper.find('[data-test="step-0"]')
    expect(card.classes()).toContain('has-error')
    expect(card.find('[data-test="step-error"]').text()).toContain('the flow has no input named')
    expect(card.find('[data-test="map-input-0-uid"]').classes().join(' ')).toContain('error')
    wrapper.unmount()
  })

  it('says an invalid cron inline, with the error of its field', async () => {
    api.nextFires.mockRejectedValue(new ApiError('validation', 'is not a valid cron expression: end of range (25) above maximum (23): 25', { field: 'trigger.cron' }))
    const { wrapper } = await mountEditor()
    await wrapper.find('[data-test="trigger-cron"] input').setValue(true)
    await new Promise((r) => setTimeout(r, 300))
    await flushPromises()
    expect(wrapper.find('[data-test="trigger-error"]').text()).toContain('cron')
    wrapper.unmount()
  })

  it('asks before leaving with unsaved changes', async () => {
    const { wrapper, router } = await mountEditor()
    await wrapper.find('[data-test="flow-name"] input').setValue('Changed')
    expect(wrapper.find('[data-test="dirty"]').exists()).toBe(true)
    void router.push('/flows')
    await flushPromises()
    expect(document.body.textContent).toContain('离开前保存动作流？')
    expect(document.querySelector('[data-test="leave-discard"]')?.textContent).toContain('不保存，离开')
    expect(router.currentRoute.value.name).toBe('flow-new')
    wrapper.unmount()
  })
})
