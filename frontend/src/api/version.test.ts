import { describe, expect, it } from 'vitest'
import { buildLabel } from './version'

// The footer shows what `junction version` prints after "junction " (backend/version).
describe('buildLabel', () => {
  it('matches the CLI line', () => {
    expect(buildLabel({ version: '1.2.3', commit: 'abc1234def5678', modified: true })).toBe('1.2.3 (commit abc1234, modified)')
    expect(buildLabel({ version: '1.2.3', commit: 'abc1234def5678', modified: false })).toBe('1.2.3 (commit abc1234)')
    expect(buildLabel({ version: 'dev', commit: '', modified: true })).toBe('dev (modified)')
    expect(buildLabel({ version: 'dev', commit: '', modified: false })).toBe('dev')
  })
})
