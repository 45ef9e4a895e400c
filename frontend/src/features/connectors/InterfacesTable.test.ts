import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import { NDialogProvider, NMessageProvider } from 'naive-ui'
import type { InterfaceSummary } from '@/api'
import { createAppI18n } from '@/i18n'
import { createAppRouter } from '@/router'
import InterfacesTable from './InterfacesTable.vue'

// The table talks to the backend only through @/api; the test stands in for that seam.
const remove = vi.fn<(connector: string, key: string) => Promise<unknown>>()
const get = vi.fn()
vi.mock('@/api/interfaces', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/api/interfaces')>()
  return { ...actual, ifaceApi: { ...actual.ifaceApi, remove: (c: string, k: string) => remove(c, k) } }
})
vi.mock('@/api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/api')>()
  return { ...actual, connectors: { ...actual.connectors, get: (k: string) => get(k) } }
})

const row = (key: string, name: string): InterfaceSummary =>
  ({
    key,
    name,
    method: 'GET',
    path: '/' + key,
    connectionKey: 'prod',
    connectionStatus: 'active',
    updatedAt: new Date().toISOString(),
  }) as unknown as InterfaceSummary

async function mountTable(props: { canMaintain?: boolean; sealed?: boolean }) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createAppRouter(createMemoryHistory())
  await router.push('/connectors/crm')
  await router.isReady()
  const Harness = defineComponent({
    render: () =>
      h(NMessageProvider, null, () =>
        h(NDialogProvider, null, () => h(InterfacesTable, { interfaces: [row('get-user', '查询用户')], ...props })),
      ),
  })
  const wrapper = mount(Harness, { global: { plugins: [pinia, createAppI18n('zh-CN'), router] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

describe('InterfacesTable', () => {
  beforeEach(() => {
    remove.mockReset().mockResolvedValue(null)
    get.mockReset().mockResolvedValue({ key: 'crm', interfaceList: [] })
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('shows new interface disabled on a sealed connector', async () => {
    const w = await mountTable({ canMaintain: true, sealed: true })
    expect(w.find('button[data-test=new-interface]').attributes('disabled')).toBeDefined()
  })

  it('offers no new interface and no row menu to a viewer', async () => {
    const w = await mountTable({})
    expect(w.find('[data-test=new-interface]').exists()).toBe(false)
    expect(w.find('[data-test=iface-actions-get-user]').exists()).toBe(false)
    expect(w.find('[data-test=test-interface]').exists()).toBe(true)
  })

  it('deletes an interface from its row menu after a confirmation naming it', async () => {
    const w = await mountTable({ canMaintain: true })
    await w.find('[data-test=iface-actions-get-user]').trigger('click')
    await flushPromises()
    const option = [...document.body.querySelectorAll('.n-dropdown-option-body')].find((o) => o.textContent?.includes('删除'))
    ;(option as HTMLElement).click()
    await flushPromises()
    const dialog = document.body.querySelector('.n-dialog')!
    expect(dialog.textContent).toContain('查询用户')
    expect(remove).not.toHaveBeenCalled()
    const confirm = [...dialog.querySelectorAll('button')].find((b) => b.textContent?.trim() === '删除')!
    confirm.click()
    await flushPromises()
    expect(remove).toHaveBeenCalledWith('crm', 'get-user')
    expect(get).toHaveBeenCalledWith('crm')
    expect(document.body.textContent).toContain('已删除接口「查询用户」')
  })
})
