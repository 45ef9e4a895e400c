// Package documents (spec/PACKAGE.md) to seed a store through `junction import`.
// Hand-written packages may leave out what has a default; these builders fill
// in only what a scenario cares about.

/** pkg wraps connectors in a package document. */
export function pkg(...connectors) {
  return { format: 'junction-package', version: 1, connectors, flows: [], secrets: null, signature: null }
}

/** connector builds a connector; give it connections and interfaces as needed. */
export function connector(key, { name = key.toUpperCase(), description = '', tags = [], version = '1.0.0', connections = [], interfaces = [] } = {}) {
  return { key, name, description, icon: '', tags, version, status: 'active', connections, interfaces }
}

/**
 * connection builds an http connection without auth; pass a testServer()'s
 * host ("127.0.0.1:PORT") to point it at the test's remote system.
 */
export function connection(key, { name = key, host = 'api.example.com', protocol = 'http', basePath = '', auth = { type: 'none' }, ...rest } = {}) {
  return {
    key,
    name,
    description: '',
    protocol,
    host,
    basePath,
    charset: 'UTF-8',
    connectTimeoutSec: 5,
    responseTimeoutSec: 5,
    proxy: 'none',
    auth,
    accounts: [],
    status: 'active',
    ...rest,
  }
}

/** The success condition of the test server's answers: {"code":0}. */
export const codeIsZero = { all: [{ field: 'status', op: 'eq', value: 200 }, { field: 'response.code', op: 'eq', value: 0 }] }

/** iface builds an interface (GET by default) on a connection. */
export function iface(key, connectionKey, { name = key, method = 'GET', path = '/' + key, success = codeIsZero, request = [], response = [], messages = {}, ...rest } = {}) {
  return {
    key,
    name,
    description: '',
    connection: connectionKey,
    method,
    path,
    bodyType: 'none',
    request,
    response,
    success,
    messages: { unmet: '', timeout: '', error: '', ...messages },
    ...rest,
  }
}
