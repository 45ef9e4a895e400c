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
