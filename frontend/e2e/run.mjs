#!/usr/bin/env node
// Runs the browser end-to-end scenarios (e2e/*.test.mjs) with node's test runner.
//
//   npm run test:e2e                    every scenario
//   npm run test:e2e -- viewer guards   the scenarios whose file names contain a word
//
// It builds nothing but the binary, and that only when $JUNCTION_BIN is unset
// (`go build -tags sqlite_fts5 -o` into a temp folder, embedding frontend/dist as it is: build the
// frontend first). The browser is $CHROMIUM_PATH or /usr/bin/chromium; it is
// never downloaded. Screenshots go to <repo>/test-artifacts/e2e/.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { artifactsDir, chromiumPath, e2eDir, frontendDir, repoRoot } from './lib/env.mjs'

const started = Date.now()
const seconds = (from) => ((Date.now() - from) / 1000).toFixed(1)
const die = (msg) => {
  console.error(`e2e: ${msg}`)
  process.exit(1)
}

if (!existsSync(chromiumPath)) {
  die(`no Chromium at ${chromiumPath}: install Debian's chromium package or set CHROMIUM_PATH (no browser is downloaded)`)
}

let bin = process.env.JUNCTION_BIN
let tempBinDir
if (bin) {
  bin = path.resolve(bin)
  if (!existsSync(bin)) die(`JUNCTION_BIN=${bin} does not exist`)
} else {
  if (!existsSync(path.join(frontendDir, 'dist', 'index.html'))) {
    die('JUNCTION_BIN is unset and frontend/dist has no index.html: build the frontend first (npm run build), or run make test-e2e')
  }
  tempBinDir = mkdtempSync(path.join(os.tmpdir(), 'junction-e2e-bin-'))
  bin = path.join(tempBinDir, process.platform === 'win32' ? 'junction.exe' : 'junction')
  const t0 = Date.now()
  console.log(`e2e: JUNCTION_BIN is unset; go build -tags sqlite_fts5 -o ${bin} . (embeds frontend/dist as it is)`)
  const build = spawnSync('go', ['build', '-tags', 'sqlite_fts5', '-o', bin, '.'], { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, CGO_ENABLED: '1' } })
  if (build.status !== 0) die('go build failed')
  console.log(`e2e: built in ${seconds(t0)} s`)
}

const filters = process.argv.slice(2)
const files = readdirSync(e2eDir)
  .filter((f) => f.endsWith('.test.mjs'))
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
  .sort()
if (files.length === 0) die(`no scenario matches ${filters.join(' ')}`)

mkdirSync(artifactsDir, { recursive: true })
const tap = path.join(mkdtempSync(path.join(os.tmpdir(), 'junction-e2e-tap-')), 'report.tap')
console.log(`e2e: ${files.length} scenario file(s) against ${bin}, Chromium ${chromiumPath}`)

// One file at a time: each runs its own serve and Chromium, and CI machines are small.
const child = spawn(
  process.execPath,
  [
    '--test',
    '--test-concurrency=1',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    ...files.map((f) => path.join(e2eDir, f)),
  ],
  { cwd: frontendDir, stdio: 'inherit', env: { ...process.env, JUNCTION_BIN: bin, CHROMIUM_PATH: chromiumPath } },
)
const stop = (signal) => child.kill(signal)
process.on('SIGINT', stop)
process.on('SIGTERM', stop)

child.on('close', (code, signal) => {
  let pass = '?'
  let fail = '?'
  try {
    const report = readFileSync(tap, 'utf8')
    pass = report.match(/^# pass (\d+)$/m)?.[1] ?? '?'
    fail = report.match(/^# fail (\d+)$/m)?.[1] ?? '?'
  } catch {
    // no report: the runner itself failed; its output says why
  }
  rmSync(path.dirname(tap), { recursive: true, force: true })
  if (tempBinDir) rmSync(tempBinDir, { recursive: true, force: true })
  console.log(`e2e: ${pass} passed, ${fail} failed in ${seconds(started)} s; screenshots in ${path.relative(process.cwd(), artifactsDir) || artifactsDir}`)
  process.exit(signal ? 1 : (code ?? 1))
})
