// The build's version and commit: the call of the facade's Session.Version,
// the same values `junction version` prints.
import type { version } from '@wails/go/models'
import { call } from './transport'
import type { Data } from './types'

export type BuildInfo = Data<version.Info>

export const buildApi = {
  version: () => call('Session', 'Version'),
}

/**
 * buildLabel is what follows "junction " in `junction version`'s line
 * (backend/version Info.String): "1.2.3 (commit abc1234, modified)".
 */
export function buildLabel(info: BuildInfo): string {
  const notes = [info.commit ? `commit ${info.commit.slice(0, 7)}` : '', info.modified ? 'modified' : ''].filter(Boolean)
  return notes.length ? `${info.version} (${notes.join(', ')})` : info.version
}
