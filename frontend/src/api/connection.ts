// The connection editor's calls of the app/ facade (struct Connections): a
// connector's connection info, its auth accounts and the connection check.
// Secrets travel one way only: inputs may carry them, views say set / not set.
import type { domain, invoke, service } from '@wails/go/models'
import { call } from './transport'
import type { ConnectionView, Data, Timestamp } from './types'

export type AuthType = 'none' | 'basic' | 'apiKey' | 'bearer' | 'appCode' | 'tokenExchange'
export type Auth = Data<domain.Auth>
export type TokenExchange = Data<domain.TokenExchange>
export type Condition = Data<domain.Condition>
export type TLSOptions = Data<domain.TLSOptions>

/**
 * ConnectionInput creates or edits a connection. clientCertPassword: null (or
 * absent) keeps the stored password, "" clears it, anything else replaces it.
 */
export type ConnectionInput = Omit<Data<service.ConnectionInput>, 'clientCertPassword'> & {
  clientCertPassword: string | null
}

/** AccountView is an auth account with its secret fields write-only (set or not). */
export type AccountView = Data<service.AccountView>

/** AccountInput: in secrets, null keeps the stored value, "" removes it, anything else replaces it. */
export type AccountInput = Data<service.AccountInput>

type Dated<T, K extends keyof T> = Omit<T, K> & { [P in K]: Timestamp }
export type ProbeStep = Data<invoke.ProbeStep>
export type ProbeCert = Dated<Data<invoke.ProbeCert>, 'notBefore' | 'notAfter'>
export type ProbeClientCert = Dated<Data<invoke.ProbeClientCert>, 'notAfter'>
export type ProbeTLS = Omit<Data<invoke.ProbeTLS>, 'chain' | 'clientCert'> & {
  chain: ProbeCert[]
  clientCert?: ProbeClientCert
}
/** ProbeResult is what a connection check found, step by step. */
export type ProbeResult = Omit<Data<invoke.ProbeResult>, 'tls'> & { tls?: ProbeTLS }

export const connectionApi = {
  get: async (connector: string, key: string) =>
    (await call('Connections', 'Get', connector, key)) as unknown as ConnectionView,
  create: async (connector: string, input: ConnectionInput) =>
    (await call('Connections', 'Create', connector, input)) as unknown as ConnectionView,
  update: async (connector: string, key: string, input: ConnectionInput) =>
    (await call('Connections', 'Update', connector, key, input)) as unknown as ConnectionView,
  seal: (connector: string, key: string) => call('Connections', 'Seal', connector, key),
  unseal: (connector: string, key: string) => call('Connections', 'Unseal', connector, key),
  remove: (connector: string, key: string) => call('Connections', 'Delete', connector, key),
  /** account: whose token request a token-exchange connection makes ("" for the default account). */
  check: async (connector: string, key: string, account = '') =>
    (await call('Connections', 'Check', connector, key, account)) as unknown as ProbeResult,
  saveAccount: async (connector: string, connection: string, input: AccountInput) =>
    (await call('Connections', 'SaveAccount', connector, connection, input)) as AccountView,
  deleteAccount: (connector: string, connection: string, name: string) =>
    call('Connections', 'DeleteAccount', connector, connection, name),
}
