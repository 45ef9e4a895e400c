// Profiles, the profile switch and per-connector permissions: the calls of the
// app/ facade structs Users, Session (Switch) and Connectors (grants).
import type { service } from '@wails/go/models'
import { call } from './transport'
import type { Data, GrantView, UserView } from './types'

/** A new profile, or the edit of one: password null keeps it, "" removes it. */
export type UserInput = Data<service.UserInput>

export type GrantLevel = Exclude<GrantView['level'], 'owner'>

export const users = {
  list: async (): Promise<UserView[]> => (await call('Users', 'List')) ?? [],
  add: (input: UserInput) => call('Users', 'Add', input),
  update: (name: string, input: UserInput) => call('Users', 'Update', name, input),
  /** switchTo makes the window act as another profile; password is "" for one without. */
  switchTo: (name: string, password: string) => call('Session', 'Switch', name, password),
}

export const connectorGrants = {
  list: async (connector: string): Promise<GrantView[]> => (await call('Connectors', 'Grants', connector)) ?? [],
  grant: (connector: string, user: string, level: GrantLevel) => call('Connectors', 'Grant', connector, user, level),
  revoke: (connector: string, user: string) => call('Connectors', 'Revoke', connector, user),
}
