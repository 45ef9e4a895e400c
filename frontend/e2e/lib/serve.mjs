// `junction serve --no-open` on a store, as a child process: the sign-in URL it
// prints (with its one-time code), the session cookie that code is exchanged
// for, and a clean stop with SIGINT.
import { spawn } from 'node:child_process'
import http from 'node:http'
import { junctionBin } from './env.mjs'
import { ADMIN } from './store.mjs'

const urlLine = /^http:\/\/(127\.0\.0\.1|\[::1\]):(\d+)\/\?code=([0-9a-f]{64})$/

const running = new Set()
process.on('exit', () => {
  for (const proc of running) proc.kill('SIGKILL')
})

/**
 * startServe starts browser mode on store acting as user and resolves once it
 * printed its URL. The result: url (the sign-in link; its code works once),
 * origin, host, port, code, session() and adopt() (the session cookie),
 * stderr() and stop() (SIGINT; resolves with the exit code).
 */
export function startServe(store, { user = ADMIN, addr = '127.0.0.1:0', env = {}, timeoutMs = 20_000 } = {}) {
  return new Promise((resolve, reject) => {
    const proc = spawn(junctionBin(), ['serve', '--no-open', '--addr', addr, '--db', store.db], {
      env: store.env(user, env),
    })
    running.add(proc)
    let stdout = ''
    let stderr = ''
    let settled = false
    const exited = new Promise((res) => proc.on('exit', (code, signal) => {
      running.delete(proc)
      res(code ?? signal)
    }))
    let timer
    const fail = (why) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      proc.kill('SIGKILL')
      reject(new Error(`junction serve (as ${user}) ${why}\nstdout: ${stdout}\nstderr: ${stderr}`))
    }
    timer = setTimeout(() => fail(`printed no URL in ${timeoutMs} ms`), timeoutMs)
    proc.on('error', (e) => fail(`did not start: ${e.message}`))
    void exited.then((code) => fail(`exited with ${code} before it printed its URL`))
    proc.stderr.setEncoding('utf8').on('data', (d) => (stderr += d))
    proc.stdout.setEncoding('utf8').on('data', (d) => {
      stdout += d
      const line = stdout.split('\n').find((l) => urlLine.test(l.trim()))
      if (!line || settled) return
      settled = true
      clearTimeout(timer)
      const url = line.trim()
      const [, hostName, port, code] = url.match(urlLine)
      const host = `${hostName}:${port}`
      let cookie = null
      resolve({
        url,
        origin: `http://${host}`,
        host,
        port: Number(port),
        code,
        /** The session cookie ({name, value}) once the code was spent, else null. */
        cookie: () => cookie,
        /** adopt keeps the cookie a browser got for the code, so other contexts can share it. */
        adopt(c) {
          cookie = { name: c.name, value: c.value }
        },
        /** session resolves with the session cookie, spending the code from here when no browser has. */
        async session() {
          if (!cookie) cookie = await spendCode(url)
          return cookie
        },
        user,
        proc,
        stdout: () => stdout,
        stderr: () => stderr,
        /** stop sends SIGINT and resolves with the exit code (0 is a clean shutdown). */
        async stop(graceMs = 10_000) {
          if (proc.exitCode !== null || proc.signalCode !== null) return exited
          proc.kill('SIGINT')
          let timer
          const timeout = new Promise((res) => (timer = setTimeout(() => res('timeout'), graceMs)))
          const code = await Promise.race([exited, timeout])
          clearTimeout(timer)
          if (code === 'timeout') {
            proc.kill('SIGKILL')
            throw new Error(`junction serve did not stop within ${graceMs} ms of SIGINT\nstderr: ${stderr}`)
          }
          return code
        },
      })
    })
  })
}

/** spendCode GETs a sign-in link as a browser would and returns the cookie it sets ({name, value}). */
export function spendCode(url) {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        res.resume()
        const set = res.headers['set-cookie']?.[0]
        if (res.statusCode !== 303 || !set) {
          reject(new Error(`the sign-in link ${url} answered ${res.statusCode} without a cookie`))
          return
        }
        const [pair] = set.split(';')
        const eq = pair.indexOf('=')
        resolve({ name: pair.slice(0, eq), value: pair.slice(eq + 1), header: set })
      })
      .on('error', reject)
  })
}
