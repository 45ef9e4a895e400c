import type { SelectGroupOption } from 'naive-ui'

// The actions the backend writes in the operation log, grouped by what they
// act on, for the action filter. An action missing here (a newer backend)
// still shows, by its own name.

export const actionGroups = {
  connector: ['create', 'update', 'seal', 'unseal', 'delete', 'grant', 'revoke', 'export', 'import'],
  connection: ['create', 'update', 'seal', 'unseal', 'delete', 'check'],
  account: ['save', 'delete'],
  secret: ['set', 'rekey'],
  interface: ['create', 'update', 'delete', 'test', 'invoke'],
  user: ['add', 'update'],
  settings: ['update'],
  flow: ['create', 'update', 'delete', 'enable', 'disable', 'run', 'cancel'],
} as const

export type ActionGroup = keyof typeof actionGroups

/** knownActions lists every action name, "connector.create" style. */
export const knownActions: string[] = Object.entries(actionGroups).flatMap(([group, verbs]) =>
  verbs.map((v) => `${group}.${v}`),
)

/** actionKey is the i18n key of an action's label, or null for an action this build does not know. */
export function actionKey(action: string): string | null {
  return knownActions.includes(action) ? `audit.action.${action}` : null
}

/** actionTone colours an action's tag by what it does. */
export function actionTone(action: string): 'success' | 'warning' | 'error' | 'info' | 'default' {
  const verb = action.split('.').pop() ?? ''
  if (['create', 'add', 'import', 'grant'].includes(verb)) return 'success'
  if (['delete', 'revoke'].includes(verb)) return 'error'
  if (['seal', 'unseal', 'set'].includes(verb)) return 'warning'
  if (['test', 'invoke', 'export', 'check'].includes(verb)) return 'info'
  return 'default'
}

/** The zero time.Time: how "no bound" travels to the backend's AuditQuery. */
export const zeroTime = '0001-01-01T00:00:00Z'

/**
 * timeBounds turns the range picker's value (two local timestamps, the end
 * inclusive to the second) into AuditQuery's since and until (until exclusive).
 */
export function timeBounds(range: [number, number] | null): { since: string; until: string } {
  if (!range) {
    return { since: zeroTime, until: zeroTime }
  }
  const [from, to] = range
  return { since: new Date(from).toISOString(), until: new Date(to + 1000).toISOString() }
}

/** actionFilterOptions are the action filter's choices for groups, one option group a group. */
export function actionFilterOptions(t: (key: string) => string, groups: readonly ActionGroup[] = Object.keys(actionGroups) as ActionGroup[]): SelectGroupOption[] {
  return groups.map((group) => ({
    type: 'group',
    key: group,
    label: t(`audit.group.${group}`),
    children: actionGroups[group].map((v) => ({ label: t(`audit.action.${group}.${v}`), value: `${group}.${v}` })),
  }))
}
