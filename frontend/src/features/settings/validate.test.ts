import { describe, expect, it } from 'vitest'
import en from '@/i18n/en.json'
import zhCN from '@/i18n/zh-CN.json'
import { bodyCapError, isDirty, validateSettings } from './validate'

describe('settings form validation', () => {
  it('accepts a whole number of MB from 1 to 100', () => {
    for (const ok of [1, 10, 55, 100]) {
      expect(bodyCapError(ok), String(ok)).toBeNull()
    }
    expect(validateSettings({ bodyCapMB: 10 })).toEqual({})
  })

  it('refuses out of range, fractions and an empty field', () => {
    for (const bad of [0, -5, 101, 1000, 2.5]) {
      expect(bodyCapError(bad), String(bad)).toBe('settings.invoke.invalid')
    }
    expect(bodyCapError(null)).toBe('errors.required')
    expect(bodyCapError(Number.NaN)).toBe('errors.required')
    expect(validateSettings({ bodyCapMB: 0 })).toEqual({ bodyCapMB: 'settings.invoke.invalid' })
  })

  it('has the message in both languages', () => {
    expect(zhCN.settings.invoke.invalid).toContain('100')
    expect(en.settings.invoke.invalid).toContain('100')
  })

  it('tells unsaved changes', () => {
    expect(isDirty({ bodyCapMB: 10 }, { bodyCapMB: 10 })).toBe(false)
    expect(isDirty({ bodyCapMB: 12 }, { bodyCapMB: 10 })).toBe(true)
    expect(isDirty({ bodyCapMB: 12 }, null)).toBe(false)
  })
})
