// The remote system the connectors under test call: a tiny HTTP server on
// 127.0.0.1:0 whose answer a test changes while it runs.
import http from 'node:http'

/** The answer of a healthy system. */
export const OK_BODY = { code: 0, msg: 'ok', data: { id: 42, name: 'Alice', tags: ['vip', 'cn'] } }
/** The answer of a system that refuses: a 200 whose body says it failed. */
export const BROKEN_BODY = { code: 500, msg: 'boom' }

/**
 * testServer starts the server. It answers every request with the current
 * answer (ok() at first) and records the requests (method, url, headers, body).
 * Its host is "127.0.0.1:PORT", the value for a connection's host field.
 */
export async function testServer() {
  let answer = { status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(OK_BODY) }
  const requests = []
  const server = http.createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (d) => (body += d))
    req.on('end', () => {
      requests.push({ method: req.method, url: req.url, headers: req.headers, body })
      res.writeHead(answer.status, answer.headers)
      res.end(answer.body)
    })
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const { port } = server.address()
  return {
    port,
    host: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}`,
    requests,
    /** ok answers {"code":0,...} (with data, when given). */
    ok(data = OK_BODY.data) {
      answer = { status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...OK_BODY, data }) }
    },
    /** broken answers {"code":500,"msg":...} with status 200. */
    broken(msg = BROKEN_BODY.msg) {
      answer = { status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...BROKEN_BODY, msg }) }
    },
    /** answer sets any answer: a status, a body (an object is sent as JSON) and headers. */
    answer(status, body, headers = {}) {
      const text = typeof body === 'string' ? body : JSON.stringify(body)
      answer = { status, headers: { 'Content-Type': 'application/json', ...headers }, body: text }
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.()
        server.close(() => resolve())
      }),
  }
}

/** The departments openPlatform() lists (backend/testkit.Departments). */
export const DEPARTMENTS = [
  { id: 1, name: 'Engineering' },
  { id: 2, name: 'Sales' },
  { id: 3, name: 'Support' },
]

/**
 * openPlatform starts a server that plays the open platform of the demo flow,
 * as backend/testkit/openplatform.go does: GET /code gives a code; POST /token
 * exchanges the code, the app key and the app secret (a JSON body) for a user
 * token, refusing a wrong key or secret with 401 and errmsg "invalid app key
 * or app secret" (the code stays good until a good exchange spends it); GET
 * /departments lists DEPARTMENTS to `Authorization: Bearer <token>`. calls(path)
 * counts the requests of a path.
 */
export async function openPlatform({ appKey = 'app-key-1', appSecret = 'app-secret-1' } = {}) {
  const counts = {}
  const codes = new Set()
  const tokens = new Set()
  let seq = 0
  const send = (res, status, body) => {
    res.writeHead(status, { 'Content-Type': 'application/json' })
    res.end(JSON.stringify(body))
  }
  const server = http.createServer((req, res) => {
    let raw = ''
    req.setEncoding('utf8')
    req.on('data', (d) => (raw += d))
    req.on('end', () => {
      const path = new URL(req.url, 'http://x').pathname
      counts[path] = (counts[path] ?? 0) + 1
      if (req.method === 'GET' && path === '/code') {
        const code = `code-${++seq}`
        codes.add(code)
        return send(res, 200, { code })
      }
      if (req.method === 'POST' && path === '/token') {
        let body
        try {
          body = JSON.parse(raw)
        } catch {
          return send(res, 400, { errcode: 40000, errmsg: 'the body is not JSON' })
        }
        if (body.appKey !== appKey || body.appSecret !== appSecret) return send(res, 401, { errcode: 40001, errmsg: 'invalid app key or app secret' })
        if (!codes.delete(body.code)) return send(res, 400, { errcode: 40029, errmsg: 'invalid code' })
        const token = `token-${++seq}`
        tokens.add(token)
        return send(res, 200, { errcode: 0, access_token: token, expires_in: 7200 })
      }
      if (req.method === 'GET' && path === '/departments') {
        const token = (req.headers.authorization ?? '').replace(/^Bearer /, '')
        if (!tokens.has(token)) return send(res, 401, { errcode: 40014, errmsg: 'invalid access token' })
        return send(res, 200, { errcode: 0, departments: DEPARTMENTS })
      }
      send(res, 404, { errcode: 404, errmsg: 'not found' })
    })
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const { port } = server.address()
  return {
    host: `127.0.0.1:${port}`,
    appKey,
    appSecret,
    calls: (path) => counts[path] ?? 0,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.()
        server.close(() => resolve())
      }),
  }
}
