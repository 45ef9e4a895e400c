import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api'
import { createAppI18n } from '@/i18n'
import en from '@/i18n/en.json'
import zhCN from '@/i18n/zh-CN.json'
import { fieldText } from './fieldText'

function translator(locale: 'zh-CN' | 'en') {
  const i18n = createAppI18n(locale)
  const { t, te } = i18n.global
  return [(k: string, named?: Record<string, unknown>) => t(k, named ?? {}), (k: string) => te(k)] as const
}

describe('fieldText', () => {
  it('says a known rule in the locale, not in the backend English', () => {
    const [t, te] = translator('zh-CN')
    const err = new ApiError('validation', '"SAP HR!" is not a valid key: use lower-case letters', 'key')
    expect(fieldText(err, t, te)).toBe(zhCN.errors.field.validation.key)
    expect(fieldText(new ApiError('conflict', 'a connector with key "crm" already exists', 'key'), t, te)).toBe(
      zhCN.errors.field.conflict.key,
    )
  })

  it('translates "is required" and keeps unknown messages as the backend wrote them', () => {
    const [t, te] = translator('en')
    expect(fieldText(new ApiError('validation', 'is required', { field: 'name', reason: 'field.required' }), t, te)).toBe(en.errors.required)
    expect(fieldText(new ApiError('validation', 'something new', 'icon'), t, te)).toBe('something new')
  })

  it('says any other field rule by its reason', () => {
    const [t, te] = translator('zh-CN')
    const err = new ApiError('validation', 'is longer than 300 characters', { field: 'description', reason: 'field.too_long', params: { max: '300' } })
    expect(fieldText(err, t, te)).toBe('超过 300 个字符')
  })
})
