// The frontend's only door to the backend. Each function is one call of the
// app/ facade; a rejection arrives as an ApiError.
import { exportToFile, importFromFile } from './files'
import { call } from './transport'
import type {
  AuditEntry,
  AuditQuery,
  ConnectorDetail,
  ConnectorInput,
  ConnectorPage,
  ConnectorQuery,
  GrantView,
  ImportOptions,
  ImportReport,
  UserView,
} from './types'

export { ApiError, toApiError, errorCodes } from './error'
export type { ErrorCode } from './error'
export { hasDesktop } from './transport'
export { subscribe, backendEvents, type BackendEvent, type AuditAppended } from './events'
export { users, connectorGrants, type UserInput, type GrantLevel } from './users'
export { settings, type AppSettings, type SettingsView } from './settings'
export { ifaceApi } from './interfaces'
export { consoleApi } from './console'
export { connectionApi } from './connection'
export { buildApi, buildLabel, type BuildInfo } from './version'
export type * from './types'

export const session = {
  profile: () => call('Session', 'Profile'),
  me: async () => (await call('Session', 'Me')) as unknown as UserView,
  /** Gives the password of the profile the window started as (the window's password dialog). */
  enter: async (password: string) => (await call('Session', 'Enter', password)) as unknown as UserView,
  ready: () => call('Session', 'Ready'),
}

export const connectors = {
  list: async (q: ConnectorQuery) => (await call('Connectors', 'List', q)) as unknown as ConnectorPage,
  get: async (key: string) => (await call('Connectors', 'Get', key)) as unknown as ConnectorDetail,
  create: async (input: ConnectorInput) => (await call('Connectors', 'Create', input)) as unknown as ConnectorDetail,
  update: async (key: string, input: ConnectorInput) =>
    (await call('Connectors', 'Update', key, input)) as unknown as ConnectorDetail,
  seal: (key: string) => call('Connectors', 'Seal', key),
  unseal: (key: string) => call('Connectors', 'Unseal', key),
  remove: (key: string) => call('Connectors', 'Delete', key),
  grants: async (key: string) => (await call('Connectors', 'Grants', key)) as GrantView[],
}

export const audit = {
  list: async (q: AuditQuery) => {
    const page = await call('Audit', 'List', q)
    return { items: page.items as unknown as AuditEntry[], total: page.total }
  },
  verify: () => call('Audit', 'Verify'),
}

export const exchange = {
  /** Saves a package: a native dialog in the window, a download in a browser ('' when cancelled). */
  exportToFile,
  /** Imports a package file: a native dialog in the window, a file input in a browser (null when cancelled). */
  importFromFile,
  exportText: (keys: string[], passphrase = '') => call('Exchange', 'Export', keys, passphrase),
  importText: async (text: string, opts: ImportOptions, passphrase = '') =>
    (await call('Exchange', 'Import', text, opts, passphrase)) as ImportReport,
}
