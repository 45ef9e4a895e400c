import { afterEach, describe, expect, it, vi } from 'vitest'
// Imported before anything that loads @/api: the vi.mock factories below call it then.
import { withApiOverrides } from '@/test/mockApi'
import { h } from 'vue'
import { flushPromises } from '@vue/test-utils'
import { createPinia } from 'pinia'
import type { GrantView, Perm, UserView } from '@/api'
import { mountWithProviders } from '@/test/mount'
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
vi.mock('@/api', (importOriginal) =>
  withApiOverrides<typeof import('@/api')>(importOriginal, {
    connectorGrants: { list: (key: string) => grantsOf(key) },
    users: { list: async () => [user('alice', ['connectors.view']), user('bob', ['connectors.view']), user('dave', [])] },
  }),
)

async function open(canManage: boolean) {
  grantsOf.mockResolvedValue([
    { user: 'alice', level: 'owner' },
    { user: 'bob', level: 'view' },
  ])
  const wrapper = mountWithProviders(
    () => h(ConnectorPermissionsDialog, { show: true, connector: { key: 'crm', name: 'CRM', access: { canManage } } }),
    { locale: 'zh-CN', plugins: [createPinia()], attachTo: document.body },
  )
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
