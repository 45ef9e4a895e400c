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

/**
 * openPlatformConnector is the connector of the demo flow over an
 * openPlatform() at host: connection prod whose account "default" holds the
 * app key and the app secret (a secret field, set after import), and the
 * three interfaces get-code, get-token (the code is an input; key and secret
 * come from the account) and list-departments (the Authorization header is
 * an input).
 */
export function openPlatformConnector(host, appKey) {
  const ok = (...more) => ({ all: [{ field: 'status', op: 'eq', value: 200 }, ...more] })
  const errcodeZero = { field: 'response.errcode', op: 'eq', value: 0 }
  const input = (name, where) => ({ name, in: where, type: 'string', required: true, source: { kind: 'input' }, description: '' })
  const fromAccount = (name) => ({ name, in: 'body', type: 'string', required: true, source: { kind: 'template', value: `{{account.${name}}}` }, description: '' })
  return connector('open-platform', {
    name: '开放平台',
    connections: [
      connection('prod', {
        name: '生产',
        host,
        accounts: [{ name: 'default', default: true, fields: { appKey }, secretFields: ['appSecret'] }],
      }),
    ],
    interfaces: [
      iface('get-code', 'prod', { name: '获取临时授权码', path: '/code', success: ok(), response: [{ name: 'code', type: 'string', path: 'code' }] }),
      iface('get-token', 'prod', {
        name: '获取用户令牌',
        method: 'POST',
        path: '/token',
        bodyType: 'json',
        request: [input('code', 'body'), fromAccount('appKey'), fromAccount('appSecret')],
        response: [
          { name: 'token', type: 'string', path: 'access_token' },
          { name: 'errmsg', type: 'string', path: 'errmsg' },
        ],
        success: ok(errcodeZero),
        messages: { unmet: 'The platform refused the token: {{response.errmsg}}' },
      }),
      iface('list-departments', 'prod', {
        name: '获取部门列表',
        path: '/departments',
        request: [input('Authorization', 'header')],
        response: [
          {
            name: 'departments',
            type: 'array',
            path: 'departments',
            children: [
              { name: 'id', type: 'integer', path: 'id' },
              { name: 'name', type: 'string', path: 'name' },
            ],
          },
        ],
        success: ok(errcodeZero),
      }),
    ],
  })
}
