// The connection editor's calls of the app/ facade (struct Connections): a
// connector's connection info, its auth accounts and the connection check.
// Secrets travel one way only: inputs may carry them, views say set / not set.
import type { domain, invoke, service } from '@wails/go/models'
import { call } from './transport'
import type { AuthScheme, Data } from './types'

export type { Condition } from './types'

export type AuthType = AuthScheme
export type Auth = Data<domain.Auth>
export type TokenExchange = Data<domain.TokenExchange>
export type TLSOptions = Data<domain.TLSOptions>

/**
 * ConnectionInput creates or edits a connection. clientCertPassword: null (or
 * absent) keeps the stored password, "" clears it, anything else replaces it.
 */
export type ConnectionInput = Data<service.ConnectionInput>

/** AccountView is an auth account with its secret fields write-only (set or not). */
export type AccountView = Data<service.AccountView>

/** AccountInput: in secrets, null keeps the stored value, "" removes it, anything else replaces it. */
export type AccountInput = Data<service.AccountInput>

export type ProbeStep = Data<invoke.ProbeStep>
export type ProbeCert = Data<invoke.ProbeCert>
export type ProbeClientCert = Data<invoke.ProbeClientCert>
export type ProbeTLS = Data<invoke.ProbeTLS>
/** ProbeResult is what a connection check found, step by step. */
export type ProbeResult = Data<invoke.ProbeResult>

export const connectionApi = {
  get: (connector: string, key: string) => call('Connections', 'Get', connector, key),
  create: (connector: string, input: ConnectionInput) => call('Connections', 'Create', connector, input),
  update: (connector: string, key: string, input: ConnectionInput) => call('Connections', 'Update', connector, key, input),
  seal: (connector: string, key: string) => call('Connections', 'Seal', connector, key),
  unseal: (connector: string, key: string) => call('Connections', 'Unseal', connector, key),
  remove: (connector: string, key: string) => call('Connections', 'Delete', connector, key),
  /** account: whose token request a token-exchange connection makes ("" for the default account). */
  check: (connector: string, key: string, account = '') => call('Connections', 'Check', connector, key, account),
  saveAccount: (connector: string, connection: string, input: AccountInput) =>
    call('Connections', 'SaveAccount', connector, connection, input),
  deleteAccount: (connector: string, connection: string, name: string) =>
    call('Connections', 'DeleteAccount', connector, connection, name),
}
