import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { NMessageProvider } from 'naive-ui'
import type { GrantView, Perm, UserView } from '@/api'
import { createAppI18n } from '@/i18n'
import ConnectorPermissionsDialog from './ConnectorPermissionsDialog.vue'

const grantsOf = vi.fn<(key: string) => Promise<GrantView[]>>()
const user = (name: string, perms: Perm[]): UserView => ({
  id: name,
  name,
  displayName: name,
  orgId: '',
  perms,
  hasPassword: false,
  createdAt: '',
})
vi.mock('@/api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/api')>()
  return {
    ...actual,
    connectorGrants: { ...actual.connectorGrants, list: (key: string) => grantsOf(key) },
    users: {
      ...actual.users,
      list: async () => [user('alice', ['connectors.view']), user('bob', ['connectors.view']), user('dave', [])],
    },
  }
})

async function open(canManage: boolean) {
  grantsOf.mockResolvedValue([
    { user: 'alice', level: 'owner' },
    { user: 'bob', level: 'view' },
  ])
  const Harness = defineComponent({
    render: () =>
      h(NMessageProvider, null, () =>
        h(ConnectorPermissionsDialog, { show: true, connector: { key: 'crm', name: 'CRM', access: { canManage } } }),
      ),
  })
  const wrapper = mount(Harness, { global: { plugins: [createPinia(), createAppI18n('zh-CN')] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

const q = (sel: string) => document.body.querySelectorAll(sel)

describe('ConnectorPermissionsDialog', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('offers adding, changing and revoking to who may manage the connector', async () => {
    const w = await open(true)
    expect(grantsOf).toHaveBeenCalledWith('crm')
    expect(q('[data-test="perm-owner"]')[0]?.textContent).toContain('alice')
    expect(q('[data-test="perm-grant"]')).toHaveLength(1)
    expect(q('[data-test="perm-add"]')).toHaveLength(1)
    expect(q('[data-test="perm-level-bob"]')).toHaveLength(1)
    expect(q('[data-test="perm-revoke-bob"]')).toHaveLength(1)
    w.unmount()
  })

  it('shows the grants read-only to everyone else', async () => {
    const w = await open(false)
    expect(q('[data-test="perm-grant"]')).toHaveLength(1)
    expect(q('[data-test="perm-add"]')).toHaveLength(0)
    expect(q('[data-test="perm-level-bob"]')).toHaveLength(0)
    expect(q('[data-test="perm-revoke-bob"]')).toHaveLength(0)
    expect(document.body.textContent).toContain('只有负责人')
    w.unmount()
  })
})
