import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import { NDialogProvider, NMessageProvider } from 'naive-ui'
import type { ConnectorPage, ConnectorSummary } from '@/api'
import { createAppI18n } from '@/i18n'
import { createAppRouter } from '@/router'
import { useSession } from '@/stores/session'
import ConnectorListPage from './ConnectorListPage.vue'

// The page talks to the backend only through @/api; the test stands in for that seam.
const list = vi.fn<(q: unknown) => Promise<ConnectorPage>>()
vi.mock('@/api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/api')>()
  return {
    ...actual,
    connectors: { ...actual.connectors, list: (q: unknown) => list(q) },
  }
})

function summary(key: string, name: string, extra: Partial<ConnectorSummary> = {}): ConnectorSummary {
  return {
    id: key,
    key,
    name,
    description: '',
    icon: '',
    tags: [],
    version: '1.0.0',
    status: 'active',
    owner: 'alice',
    connections: 0,
    interfaces: 0,
    updatedAt: '2026-11-23T08:00:00Z',
    access: { level: 'maintain', canManage: true, canDelete: false },
    ...extra,
  }
}

const page = (items: ConnectorSummary[], tags: string[] = []): ConnectorPage => ({ items, total: items.length, tags })

async function mountPage(perms = ['connectors.view', 'connectors.create']) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const session = useSession()
  session.me = { id: 'u1', name: 'alice', displayName: 'Alice', orgId: '', perms, hasPassword: false, createdAt: '' }
  session.loaded = true
  const router = createAppRouter(createMemoryHistory())
  await router.push('/connectors')
  await router.isReady()
  const Harness = defineComponent({
    render: () => h(NMessageProvider, null, () => h(NDialogProvider, null, () => h(ConnectorListPage))),
  })
  const wrapper = mount(Harness, { global: { plugins: [pinia, createAppI18n('zh-CN'), router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

describe('ConnectorListPage', () => {
  beforeEach(() => {
    list.mockReset()
  })
  afterEach(() => {
    vi.useRealTimers()
    document.body.innerHTML = ''
  })

  it('lists the connectors the backend returns', async () => {
    list.mockResolvedValue(
      page([
        summary('dingtalk-open', '钉钉开放平台', { tags: ['办公'], connections: 2, interfaces: 14 }),
        summary('kingdee-erp', '金蝶云星空', { status: 'sealed', version: '1.2.0' }),
      ]),
    )
    const { wrapper } = await mountPage()

    expect(list).toHaveBeenCalledWith({ search: '', status: '', tag: '', offset: 0, limit: 50 })
    const text = wrapper.text()
    expect(text).toContain('钉钉开放平台')
    expect(text).toContain('dingtalk-open')
    expect(text).toContain('办公')
    expect(text).toContain('已封存')
    expect(text).toContain('启用')
    expect(text).toContain('共 2 个连接器')
    expect(wrapper.find('[data-test=create]').exists()).toBe(true)
    expect(wrapper.find('[data-test=create-first]').exists()).toBe(false)
  })

  it('tells a new user to create the first connector', async () => {
    list.mockResolvedValue(page([]))
    const { wrapper } = await mountPage()

    expect(wrapper.text()).toContain('还没有连接器')
    expect(wrapper.find('[data-test=create-first]').text()).toContain('新建第一个连接器')
  })

  it('offers no create button without connectors.create', async () => {
    list.mockResolvedValue(page([]))
    const { wrapper } = await mountPage(['connectors.view'])

    expect(wrapper.find('[data-test=create]').exists()).toBe(false)
    expect(wrapper.find('[data-test=create-first]').exists()).toBe(false)
    expect(wrapper.text()).toContain('你还没有新建连接器的权限')
  })

  it('searches once the user stops typing', async () => {
    list.mockResolvedValue(page([summary('sap-hr', 'SAP HR')]))
    const { wrapper } = await mountPage()
    vi.useFakeTimers()
    list.mockClear()

    const input = wrapper.find('[data-test=search] input')
    await input.setValue('s')
    await input.setValue('sa')
    await input.setValue('sap')
    vi.advanceTimersByTime(200)
    expect(list).not.toHaveBeenCalled()
    vi.advanceTimersByTime(150)
    expect(list).toHaveBeenCalledTimes(1)
    expect(list).toHaveBeenCalledWith(expect.objectContaining({ search: 'sap', offset: 0 }))
  })

  it('says so when a search matches nothing', async () => {
    list.mockResolvedValue(page([summary('sap-hr', 'SAP HR')]))
    const { wrapper } = await mountPage()
    vi.useFakeTimers()
    list.mockResolvedValue(page([]))

    await wrapper.find('[data-test=search] input').setValue('nothing')
    vi.advanceTimersByTime(300)
    vi.useRealTimers()
    await flushPromises()

    expect(wrapper.find('[data-test=no-match]').exists()).toBe(true)
    expect(wrapper.text()).toContain('没有匹配的连接器')
  })

  it('opens the detail of a clicked row', async () => {
    list.mockResolvedValue(page([summary('sap-hr', 'SAP HR')]))
    const { wrapper, router } = await mountPage()

    await wrapper.find('tbody tr').trigger('click')
    await flushPromises()
    await nextTick()
    expect(router.currentRoute.value.fullPath).toBe('/connectors/sap-hr')
  })
})
