import { describe, expect, it } from 'vitest'
import en from '@/i18n/en.json'
import zhCN from '@/i18n/zh-CN.json'
import { bodyCapError, historyLimitError, isDirty, validateSettings } from './validate'

describe('settings form validation', () => {
  it('accepts a whole number of MB from 1 to 100', () => {
    for (const ok of [1, 10, 55, 100]) {
      expect(bodyCapError(ok), String(ok)).toBeNull()
    }
    expect(validateSettings({ bodyCapMB: 10, historyLimit: 200 })).toEqual({})
  })

  it('refuses out of range, fractions and an empty field', () => {
    for (const bad of [0, -5, 101, 1000, 2.5]) {
      expect(bodyCapError(bad), String(bad)).toBe('settings.invoke.invalid')
    }
    expect(bodyCapError(null)).toBe('errors.required')
    expect(bodyCapError(Number.NaN)).toBe('errors.required')
    expect(validateSettings({ bodyCapMB: 0, historyLimit: 200 })).toEqual({ bodyCapMB: 'settings.invoke.invalid' })
  })

  it('keeps 10 to 10000 history rows per interface', () => {
    for (const ok of [10, 200, 10000]) expect(historyLimitError(ok), String(ok)).toBeNull()
    for (const bad of [0, 9, 10001, 20.5]) expect(historyLimitError(bad), String(bad)).toBe('settings.invoke.historyInvalid')
    expect(historyLimitError(null)).toBe('errors.required')
    expect(validateSettings({ bodyCapMB: 10, historyLimit: 5 })).toEqual({ historyLimit: 'settings.invoke.historyInvalid' })
  })

  it('has the message in both languages', () => {
    expect(zhCN.settings.invoke.invalid).toContain('100')
    expect(en.settings.invoke.invalid).toContain('100')
  })

  it('tells unsaved changes', () => {
    const saved = { bodyCapMB: 10, historyLimit: 200 }
    expect(isDirty({ bodyCapMB: 10, historyLimit: 200 }, saved)).toBe(false)
    expect(isDirty({ bodyCapMB: 12, historyLimit: 200 }, saved)).toBe(true)
    expect(isDirty({ bodyCapMB: 10, historyLimit: 500 }, saved)).toBe(true)
    expect(isDirty({ bodyCapMB: 12, historyLimit: 200 }, null)).toBe(false)
  })
})
