import { describe, expect, it } from 'vitest'
import { isValidKey, suggestKey } from './slug'

describe('suggestKey', () => {
  it.each([
    ['Open Platform', 'open-platform'],
    ['  SAP SuccessFactors (HR)  ', 'sap-successfactors-hr'],
    ['Café Übersicht', 'cafe-ubersicht'],
    ['CRM_v2 API', 'crm-v2-api'],
    ['钉钉 Open API', 'open-api'],
    ['金蝶云星空 K3', 'k3'],
    ['钉钉', ''],
    ['', ''],
    ['--Hello--World--', 'hello-world'],
  ])('%j -> %j', (name, key) => {
    expect(suggestKey(name)).toBe(key)
  })

  it('keeps a suggestion within 64 characters and without a trailing dash', () => {
    const key = suggestKey('word '.repeat(40))
    expect(key.length).toBeLessThanOrEqual(64)
    expect(key.endsWith('-')).toBe(false)
    expect(isValidKey(key)).toBe(true)
  })

  it('suggests only keys the backend accepts', () => {
    for (const name of ['Open Platform', 'A', '9 lives', 'Ünïcödé Name']) {
      expect(isValidKey(suggestKey(name))).toBe(true)
    }
  })
})
