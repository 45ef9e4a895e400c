import { describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { NDialogProvider, NMessageProvider } from 'naive-ui'
import type { ConnectorDetail } from '@/api'
import { createAppI18n } from '@/i18n'
import ConnectionsTab from '@/features/connections/ConnectionsTab.vue'

describe('empty states promise what exists', () => {
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
