// Profiles, the profile switch and per-connector permissions: the calls of the
// app/ facade structs Users, Session (Switch) and Connectors (grants).
import type { service } from '@wails/go/models'
import { call } from './transport'
import type { Data, GrantView, UserView } from './types'

/** A new profile, or the edit of one: password null keeps it, "" removes it. */
export type UserInput = Omit<Data<service.UserInput>, 'password'> & { password: string | null }

export type GrantLevel = 'view' | 'maintain'

export const users = {
  list: async () => ((await call('Users', 'List')) ?? []) as unknown as UserView[],
  add: async (input: UserInput) => (await call('Users', 'Add', input as Data<service.UserInput>)) as unknown as UserView,
  update: async (name: string, input: UserInput) =>
    (await call('Users', 'Update', name, input as Data<service.UserInput>)) as unknown as UserView,
  /** switchTo makes the window act as another profile; password is "" for one without. */
  switchTo: async (name: string, password: string) =>
    (await call('Session', 'Switch', name, password)) as unknown as UserView,
}

export const connectorGrants = {
  list: async (connector: string) => ((await call('Connectors', 'Grants', connector)) ?? []) as GrantView[],
  grant: (connector: string, user: string, level: GrantLevel) => call('Connectors', 'Grant', connector, user, level),
  revoke: (connector: string, user: string) => call('Connectors', 'Revoke', connector, user),
}
