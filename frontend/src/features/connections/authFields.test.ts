import { describe, expect, it } from 'vitest'
import en from '@/i18n/en.json'
import zhCN from '@/i18n/zh-CN.json'
import { schemeFieldNames, schemeFields, templated } from './account'
import { authSchemes } from './authFields.generated'
import { authTypes } from './form'

describe('the generated auth scheme table', () => {
  it('gives the form its schemes in the backend order', () => {
    expect(authTypes).toEqual(['none', 'basic', 'apiKey', 'bearer', 'appCode', 'tokenExchange'])
  })

  it('says which scheme reads the fields its templates name', () => {
    expect(authTypes.filter(templated)).toEqual(['tokenExchange'])
    expect(templated('unknown')).toBe(false)
    expect(schemeFields('unknown')).toEqual([])
  })

  it('has a label for every scheme and every field in both languages', () => {
    for (const messages of [en, zhCN]) {
      const auth: Record<string, string> = messages.auth
      const fields: Record<string, string> = messages.connection.accountField
      for (const s of authSchemes) expect(auth[s.type], s.type).toBeTruthy()
      for (const name of schemeFieldNames) expect(fields[name], name).toBeTruthy()
    }
  })
})
