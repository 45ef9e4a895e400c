// A throwaway Junction store (database and key file in a temp folder) and the
// command line against it. The CLI takes no lock, so it reads and writes the
// store while `junction serve` runs on it: that is how scenarios check what the
// store holds after the UI acted.
import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { junctionBin } from './env.mjs'

/** The profile every store starts with: the first profile gets every permission. */
export const ADMIN = 'admin'

/**
 * tempStore makes an empty store and creates the admin profile in it (the
 * first profile a store sees is made an administrator).
 */
export async function tempStore() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'junction-e2e-'))
  const store = new Store(dir)
  await store.json(['user', 'list'])
  return store
}

export class Store {
  constructor(dir) {
    this.dir = dir
    this.db = path.join(dir, 'junction.db')
    this.keyFile = path.join(dir, 'secret.key')
  }

  /** The environment of a junction process on this store acting as user. */
  env(user = ADMIN, extra = {}) {
    return { ...process.env, JUNCTION_DB: this.db, JUNCTION_KEY_FILE: this.keyFile, JUNCTION_USER: user, ...extra }
  }

  /**
   * cli runs `junction --db <db> ARGS...` to its end. It resolves with the exit
   * code and the output; it never rejects on a non-zero exit.
   */
  cli(args, { user = ADMIN, env = {}, input, timeoutMs = 30_000 } = {}) {
    return new Promise((resolve, reject) => {
      const proc = spawn(junctionBin(), ['--db', this.db, ...args], { env: this.env(user, env) })
      let stdout = ''
      let stderr = ''
      proc.stdout.setEncoding('utf8').on('data', (d) => (stdout += d))
      proc.stderr.setEncoding('utf8').on('data', (d) => (stderr += d))
      const timer = setTimeout(() => {
        proc.kill('SIGKILL')
        reject(new Error(`junction ${args.join(' ')} did not end in ${timeoutMs} ms`))
      }, timeoutMs)
      proc.on('error', reject)
      proc.on('close', (code) => {
        clearTimeout(timer)
        resolve({
          code,
          stdout,
          stderr,
          json: () => JSON.parse(stdout),
        })
      })
      // A command that reads no standard input may exit before it is closed (junction-cli
      // starts in milliseconds): that EPIPE is no failure, the exit code and output tell.
      proc.stdin.on('error', (err) => {
        if (err.code !== 'EPIPE') reject(err)
      })
      proc.stdin.end(input ?? '')
    })
  }

  /** json runs `junction ARGS... --json`, expects exit 0 and returns the parsed document. */
  async json(args, opts) {
    const r = await this.cli([...args, '--json'], opts)
    if (r.code !== 0) {
      throw new Error(`junction ${args.join(' ')} --json exited ${r.code}: ${r.stderr.trim() || r.stdout.trim()}`)
    }
    return JSON.parse(r.stdout)
  }

  /** importPackage writes a package document (see fixtures.mjs) and imports it. */
  async importPackage(pkg, args = []) {
    const file = path.join(this.dir, `import-${Date.now()}-${Math.random().toString(36).slice(2)}.junction.json`)
    await writeFile(file, JSON.stringify(pkg, null, 2))
    return this.json(['import', file, ...args])
  }

  /** addUser adds a profile with these system permissions and grants, e.g. {crm: 'view'}. */
  async addUser(name, perms = [], grants = {}) {
    await this.json(['user', 'add', name, ...perms.flatMap((p) => ['--perm', p])])
    for (const [connector, level] of Object.entries(grants)) {
      await this.json(['grant', name, connector, level])
    }
  }

  async remove() {
    await rm(this.dir, { recursive: true, force: true })
  }
}
