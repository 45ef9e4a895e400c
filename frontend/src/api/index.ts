// The frontend's only door to the backend. Each function is one call of the
// app/ facade; a rejection arrives as an ApiError.
import { exportToFile, importFromFile } from './files'
import { call } from './transport'
import type { AuditQuery, ConnectorInput, ConnectorQuery, GrantView, ImportOptions } from './types'

export { ApiError, toApiError, errorCodes } from './error'
export type { ErrorCode, ReasonParams } from './error'
export { hasDesktop } from './transport'
export { subscribe, backendEvents, type BackendEvent, type AuditAppended, type FlowRunEvent } from './events'
export { users, connectorGrants, type UserInput, type GrantLevel } from './users'
export { settings, type AppSettings, type SettingsView } from './settings'
export { ifaceApi } from './interfaces'
export { consoleApi } from './console'
export { connectionApi } from './connection'
export { flowApi } from './flows'
export { buildApi, buildLabel, type BuildInfo } from './version'
export type * from './types'

export const session = {
  profile: () => call('Session', 'Profile'),
  me: () => call('Session', 'Me'),
  /** Gives the password of the profile the window started as (the window's password dialog). */
  enter: (password: string) => call('Session', 'Enter', password),
  ready: () => call('Session', 'Ready'),
}

export const connectors = {
  list: (q: ConnectorQuery) => call('Connectors', 'List', q),
  get: (key: string) => call('Connectors', 'Get', key),
  create: (input: ConnectorInput) => call('Connectors', 'Create', input),
  update: (key: string, input: ConnectorInput) => call('Connectors', 'Update', key, input),
  seal: (key: string) => call('Connectors', 'Seal', key),
  unseal: (key: string) => call('Connectors', 'Unseal', key),
  remove: (key: string) => call('Connectors', 'Delete', key),
  grants: async (key: string): Promise<GrantView[]> => (await call('Connectors', 'Grants', key)) ?? [],
}

export const audit = {
  list: (q: AuditQuery) => call('Audit', 'List', q),
  verify: () => call('Audit', 'Verify'),
}

export const exchange = {
  /** Saves a package: a native dialog in the window, a download in a browser ('' when cancelled). */
  exportToFile,
  /** Imports a package file: a native dialog in the window, a file input in a browser (null when cancelled). */
  importFromFile,
  exportText: (keys: string[], passphrase = '') => call('Exchange', 'Export', keys, passphrase),
  importText: (text: string, opts: ImportOptions, passphrase = '') => call('Exchange', 'Import', text, opts, passphrase),
}
