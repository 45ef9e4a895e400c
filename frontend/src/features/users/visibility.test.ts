import { describe, expect, it } from 'vitest'
import type { GrantView, Perm, UserView } from '@/api'
import zhCN from '@/i18n/zh-CN.json'
import {
  canAdminUsers,
  canEditSettings,
  unprotectedAdmins,
  grantCandidates,
  grantControls,
  hasPerm,
  navVisibility,
  needsPassword,
  permLabelKey,
  seesConnectors,
  switchTargets,
  systemPerms,
} from './visibility'

const user = (name: string, perms: Perm[], hasPassword = false): UserView => ({
  id: name,
  name,
  displayName: name,
  orgId: '',
  perms,
  hasPassword,
  createdAt: '2026-11-23T08:00:00Z',
})

describe('permission-dependent visibility', () => {
  const admin = user('admin', [...systemPerms])
  const viewer = user('viewer', ['connectors.view'])
  const nobody = user('nobody', [])

  it('offers the users page only with users.admin', () => {
    expect(canAdminUsers(admin)).toBe(true)
    expect(canAdminUsers(viewer)).toBe(false)
    expect(canAdminUsers(null)).toBe(false)
    expect(navVisibility(viewer)).toEqual({ users: false, audit: true, settings: true })
    expect(navVisibility(admin).users).toBe(true)
    expect(navVisibility(undefined)).toEqual({ users: false, audit: false, settings: false })
  })

  it('offers grant controls only to who may manage the connector', () => {
    expect(grantControls({ canManage: true })).toEqual({ canAdd: true, canChangeLevel: true, canRevoke: true })
    expect(grantControls({ canManage: false })).toEqual({ canAdd: false, canChangeLevel: false, canRevoke: false })
    expect(grantControls(undefined).canAdd).toBe(false)
  })

  it('lists as grant candidates everyone but the owner and the granted', () => {
    const grants: GrantView[] = [
      { user: 'admin', level: 'owner' },
      { user: 'viewer', level: 'view' },
    ]
    expect(grantCandidates([admin, viewer, nobody], grants).map((u) => u.name)).toEqual(['nobody'])
  })

  it('asks for a password only when the profile has one, and never offers the current profile', () => {
    expect(needsPassword(user('carol', [], true))).toBe(true)
    expect(needsPassword(nobody)).toBe(false)
    expect(switchTargets([admin, viewer, nobody], 'viewer').map((u) => u.name)).toEqual(['admin', 'nobody'])
  })

  it('knows who a grant is useless to', () => {
    expect(seesConnectors(viewer)).toBe(true)
    expect(seesConnectors(user('m', ['connectors.manage']))).toBe(true)
    expect(seesConnectors(nobody)).toBe(false)
    expect(hasPerm(admin, 'users.admin')).toBe(true)
  })

  it('has a localized label for every system permission', () => {
    for (const p of systemPerms) {
      const [ns, key] = permLabelKey(p).split('.') as ['perms', keyof typeof zhCN.perms]
      expect(ns).toBe('perms')
      expect(zhCN.perms[key], p).toBeTruthy()
    }
  })
})

describe('the password proposal and the settings', () => {
  const admin = user('admin', [...systemPerms])
  const locked = user('root', ['users.admin'], true)
  const viewer = user('viewer', ['connectors.view'])

  it('proposes a password for each admin without one once a second profile exists', () => {
    expect(unprotectedAdmins([admin]), 'alone, there is nobody to keep out').toEqual([])
    expect(unprotectedAdmins([admin, viewer])).toEqual([admin])
    expect(unprotectedAdmins([admin, locked, viewer])).toEqual([admin])
    expect(unprotectedAdmins([locked, viewer])).toEqual([])
  })

  it('lets only users.admin edit the settings', () => {
    expect(canEditSettings(admin)).toBe(true)
    expect(canEditSettings(locked)).toBe(true)
    expect(canEditSettings(viewer)).toBe(false)
    expect(canEditSettings(null)).toBe(false)
  })
})
