// Where things are, and what the runner (../run.mjs) hands the scenarios.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const e2eDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
export const frontendDir = path.dirname(e2eDir)
export const repoRoot = path.dirname(frontendDir)

/** Screenshots go to <repo>/test-artifacts/e2e (git-ignored), or $E2E_ARTIFACTS. */
export const artifactsDir = process.env.E2E_ARTIFACTS || path.join(repoRoot, 'test-artifacts', 'e2e')

/** Debian's Chromium; never a downloaded browser. */
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

/** The junction binary under test; the runner sets JUNCTION_BIN (building one when it was unset). */
export function junctionBin() {
  const bin = process.env.JUNCTION_BIN
  if (!bin) {
    throw new Error('JUNCTION_BIN is not set: run the suite with `npm run test:e2e` (it builds one when unset)')
  }
  if (!existsSync(bin)) {
    throw new Error(`JUNCTION_BIN=${bin} does not exist`)
  }
  return bin
}
