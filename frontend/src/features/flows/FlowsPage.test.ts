import { describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, RouterView } from 'vue-router'
import { NDialogProvider, NMessageProvider } from 'naive-ui'
import type { ConnectorDetail } from '@/api'
import { createAppI18n } from '@/i18n'
import { createAppRouter } from '@/router'
import ConnectionsTab from '@/features/connections/ConnectionsTab.vue'

describe('empty states promise what exists', () => {
  it('动作流 opens a page that says what flows will do', async () => {
    const router = createAppRouter(createMemoryHistory())
    await router.push('/flows')
    await router.isReady()
    // Not redirected to the connector list by the catch-all.
    expect(router.currentRoute.value.name).toBe('flows')
    const wrapper = mount(RouterView, { global: { plugins: [router, createAppI18n('zh-CN')] } })
    await flushPromises()
    const text = wrapper.find('[data-test="flows-page"]').text()
    for (const word of ['动作流', '触发器', '串联步骤', '运行记录']) expect(text).toContain(word)
  })

  it('the connections empty state names the import formats this build reads, and no other', async () => {
    setActivePinia(createPinia())
    const connector = {
      key: 'crm',
      name: 'CRM',
      status: 'active',
      access: { level: 'maintain', canManage: true, canDelete: true },
      connectionList: [],
      interfaceList: [],
    } as unknown as ConnectorDetail
    for (const [locale, want] of [
      ['en', 'This version imports: Junction connector packages'],
      ['zh-CN', '这个版本可导入：Junction 连接器包'],
    ] as const) {
      const Harness = defineComponent({
        render: () => h(NMessageProvider, null, () => h(NDialogProvider, null, () => h(ConnectionsTab, { connector }))),
      })
      const wrapper = mount(Harness, { global: { plugins: [createAppI18n(locale)] } })
      const text = wrapper.text()
      expect(wrapper.find('[data-test="conn-import-formats"]').text()).toContain(want)
      // exchange.Detect knows these only to refuse them: the empty state must not promise them.
      for (const unread of ['OpenAPI', 'Postman', 'HAR']) expect(text).not.toContain(unread)
      wrapper.unmount()
    }
  })
})
