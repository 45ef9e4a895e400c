import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import { NDialogProvider, NMessageProvider } from 'naive-ui'
import type { ConnectorPage, ConnectorSummary, Perm } from '@/api'
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

async function mountPage(perms: Perm[] = ['connectors.view', 'connectors.create']) {
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
    // The detail page is a lazy route: the navigation ends once its chunk has loaded.
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/connectors/sap-hr'), { timeout: 10_000 })
  })

  it('sorts the page by a clicked column header', async () => {
    list.mockResolvedValue(
      page([
        summary('b-key', '北森 HR', { updatedAt: '2026-11-20T08:00:00Z' }),
        summary('a-key', '钉钉开放平台', { updatedAt: '2026-11-23T08:00:00Z' }),
        summary('c-key', '金蝶云星空', { updatedAt: '2026-11-21T08:00:00Z' }),
      ]),
    )
    const { wrapper } = await mountPage()
    const keys = () => wrapper.findAll('tbody tr').map((tr) => tr.findAll('td')[1]!.text())
    expect(keys()).toEqual(['b-key', 'a-key', 'c-key'])

    const header = (title: string) => wrapper.findAll('th').find((th) => th.text().includes(title))!
    // Naive's order: descending, ascending, then as the backend listed them.
    await header('标识').trigger('click')
    expect(keys()).toEqual(['c-key', 'b-key', 'a-key'])
    await header('标识').trigger('click')
    expect(keys()).toEqual(['a-key', 'b-key', 'c-key'])
    await header('更新时间').trigger('click')
    expect(keys()).toEqual(['a-key', 'c-key', 'b-key'])
    // Names by pinyin: bei, ding, jin.
    await header('名称').trigger('click')
    expect(keys()).toEqual(['c-key', 'a-key', 'b-key'])
    expect(list).toHaveBeenCalledTimes(1)
  })

  it('shows the updated time as a relative time with the full time kept for hover', async () => {
    const updatedAt = new Date(Date.now() - 5 * 60_000).toISOString()
    list.mockResolvedValue(page([summary('sap-hr', 'SAP HR', { updatedAt })]))
    const { wrapper } = await mountPage()
    const time = wrapper.find('tbody time')
    expect(time.text()).toBe('5 分钟前')
    expect(time.attributes('data-full')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/)
  })

  it('shows a disabled delete with what stands in the way in the row menu', async () => {
    list.mockResolvedValue(
      page([
        summary('crm', '客户关系', { connections: 1, interfaces: 2 }),
        summary('scratch', '草稿', { access: { level: 'maintain', canManage: true, canDelete: true } }),
      ]),
    )
    const { wrapper } = await mountPage()
    await wrapper.find('[data-test=row-actions-crm]').trigger('click')
    await flushPromises()
    const blocked = document.body.querySelector('[data-test=delete-blocked]')
    expect(blocked?.textContent).toContain('删除')
    expect(blocked?.textContent).toContain('先删除 1 个连接信息和 2 个接口')
    expect(blocked?.closest('.n-dropdown-option-body')?.className).toContain('disabled')
  })
})
