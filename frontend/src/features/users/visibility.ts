// Which controls the current profile is offered. The backend checks every call
// again; these only keep out of sight what would be refused.
import type { Access, GrantView, UserView } from '@/api'

/** The system permissions in display order, as backend/domain names them. */
export const systemPerms = ['connectors.view', 'connectors.create', 'connectors.manage', 'users.admin'] as const
export type SystemPerm = (typeof systemPerms)[number]

/** permLabelKey is the i18n key of a permission's label ("perms.connectors_view"). */
export function permLabelKey(perm: string): string {
  return `perms.${perm.replace('.', '_')}`
}

type Me = { perms?: string[] | null } | null | undefined

export function hasPerm(me: Me, perm: string): boolean {
  return !!me?.perms?.includes(perm)
}

/** canAdminUsers: the 用户与权限 page and its nav item. */
export const canAdminUsers = (me: Me) => hasPerm(me, 'users.admin')

/** canEditSettings: the installation's settings are saved by users.admin only; anyone may read them. */
export const canEditSettings = (me: Me) => hasPerm(me, 'users.admin')

/**
 * unprotectedAdmins lists the profiles that hold users.admin without a password,
 * once there is more than one profile: any other profile could switch to them
 * and take every permission. With a single profile there is nobody to keep out.
 */
export function unprotectedAdmins(users: UserView[]): UserView[] {
  if (users.length < 2) return []
  return users.filter((u) => canAdminUsers(u) && !u.hasPassword)
}

/** The nav items of the areas of this brief that depend on permissions. */
export function navVisibility(me: Me) {
  return { users: canAdminUsers(me), audit: !!me, settings: !!me }
}

/** grantControls: what the permission dialog offers for a connector the profile sees with access. */
export function grantControls(access: Pick<Access, 'canManage'> | null | undefined) {
  const canEdit = !!access?.canManage
  return { canAdd: canEdit, canChangeLevel: canEdit, canRevoke: canEdit }
}

/**
 * grantCandidates lists the profiles that may get a new grant: everyone but the
 * owner and those already granted.
 */
export function grantCandidates(users: UserView[], grants: GrantView[]): UserView[] {
  const taken = new Set(grants.map((g) => g.user))
  return users.filter((u) => !taken.has(u.name))
}

/** switchTargets lists the profiles the header offers to switch to (not the current one). */
export function switchTargets(users: UserView[], current: string): UserView[] {
  return users.filter((u) => u.name !== current)
}

/** needsPassword: switching to target asks for its password first. */
export function needsPassword(target: Pick<UserView, 'hasPassword'>): boolean {
  return !!target.hasPassword
}

/** seesConnectors: a grant gives nothing to a profile without connectors.view (or connectors.manage). */
export function seesConnectors(u: Me): boolean {
  return hasPerm(u, 'connectors.view') || hasPerm(u, 'connectors.manage')
}
