import { describe, expect, it } from 'vitest'
import en from '@/i18n/en.json'
import zhCN from '@/i18n/zh-CN.json'
import { bodyCapError, flowRunsKeptError, historyLimitError, isDirty, validateSettings } from './validate'

describe('settings form validation', () => {
  it('accepts a whole number of MB from 1 to 100', () => {
    for (const ok of [1, 10, 55, 100]) {
      expect(bodyCapError(ok), String(ok)).toBeNull()
    }
    expect(validateSettings({ bodyCapMB: 10, historyLimit: 200, flowRunsKept: 500 })).toEqual({})
  })

  it('refuses out of range, fractions and an empty field', () => {
    for (const bad of [0, -5, 101, 1000, 2.5]) {
      expect(bodyCapError(bad), String(bad)).toBe('settings.invoke.invalid')
    }
    expect(bodyCapError(null)).toBe('errors.required')
    expect(bodyCapError(Number.NaN)).toBe('errors.required')
    expect(validateSettings({ bodyCapMB: 0, historyLimit: 200, flowRunsKept: 500 })).toEqual({ bodyCapMB: 'settings.invoke.invalid' })
  })

  it('keeps 10 to 10000 history rows per interface', () => {
    for (const ok of [10, 200, 10000]) expect(historyLimitError(ok), String(ok)).toBeNull()
    for (const bad of [0, 9, 10001, 20.5]) expect(historyLimitError(bad), String(bad)).toBe('settings.invoke.historyInvalid')
    expect(historyLimitError(null)).toBe('errors.required')
    expect(validateSettings({ bodyCapMB: 10, historyLimit: 5, flowRunsKept: 500 })).toEqual({ historyLimit: 'settings.invoke.historyInvalid' })
  })

  it('keeps 1 to 100000 runs per action flow', () => {
    for (const ok of [1, 500, 100000]) expect(flowRunsKeptError(ok), String(ok)).toBeNull()
    for (const bad of [0, 100001, 1.5]) expect(flowRunsKeptError(bad), String(bad)).toBe('settings.invoke.flowRunsInvalid')
    expect(flowRunsKeptError(null)).toBe('errors.required')
    expect(validateSettings({ bodyCapMB: 10, historyLimit: 200, flowRunsKept: 0 })).toEqual({ flowRunsKept: 'settings.invoke.flowRunsInvalid' })
  })

  it('has the message in both languages', () => {
    expect(zhCN.settings.invoke.invalid).toContain('100')
    expect(en.settings.invoke.invalid).toContain('100')
  })

  it('tells unsaved changes', () => {
    const saved = { bodyCapMB: 10, historyLimit: 200, flowRunsKept: 500 }
    expect(isDirty({ bodyCapMB: 10, historyLimit: 200, flowRunsKept: 500 }, saved)).toBe(false)
    expect(isDirty({ bodyCapMB: 12, historyLimit: 200, flowRunsKept: 500 }, saved)).toBe(true)
    expect(isDirty({ bodyCapMB: 10, historyLimit: 500, flowRunsKept: 500 }, saved)).toBe(true)
    expect(isDirty({ bodyCapMB: 10, historyLimit: 200, flowRunsKept: 50 }, saved)).toBe(true)
    expect(isDirty({ bodyCapMB: 12, historyLimit: 200, flowRunsKept: 500 }, null)).toBe(false)
  })
})
