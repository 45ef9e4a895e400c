import { describe, expect, it } from 'vitest'
import { detailTexts } from './detailTexts'

// A stand-in for vue-i18n's t: the key and its named values, to see which key each text reads.
const t = (key: string, named: Record<string, unknown>) => `${key}${Object.keys(named).length ? ` ${JSON.stringify(named)}` : ''}`

describe('detailTexts', () => {
  it('reads the error states from the section, the hint with its keys, back unless named', () => {
    expect(detailTexts(t, 'console', { connector: 'crm', iface: 'list' })).toEqual({
      errorTitle: 'console.loadFailed',
      notFoundTitle: 'console.notFound',
      notFoundHint: 'console.notFoundHint {"connector":"crm","iface":"list"}',
      backLabel: 'console.back',
    })
    expect(detailTexts(t, 'iface', { key: 'x' }, 'backToConnector').backLabel).toBe('iface.backToConnector')
  })
})
