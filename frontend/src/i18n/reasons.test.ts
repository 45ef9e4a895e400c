import { describe, expect, it } from 'vitest'
import { createAppI18n } from '.'
import { explain } from './explain'
import { flatReasons, nest } from './reasons'

const placeholders = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort()

describe('reason texts', () => {
  const en = flatReasons('en')
  const zh = flatReasons('zh-CN')

  it('are loaded from every area file', () => {
    expect(Object.keys(en).length).toBeGreaterThan(50)
    expect(en['field.required']).toBeDefined()
    expect(en['door.internal']).toBeDefined()
  })

  it('exist in both languages with the same placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort())
    for (const [key, text] of Object.entries(zh)) {
      expect(text.trim(), key).not.toBe('')
      expect(placeholders(en[key] ?? ''), key).toEqual(placeholders(text))
    }
  })

  it('nest into a tree vue-i18n can walk (no key is both a text and a branch)', () => {
    expect(() => nest(en)).not.toThrow()
    expect(() => nest(zh)).not.toThrow()
    expect(() => nest({ 'a.b': 'x', 'a.b.c': 'y' })).toThrow(/a\.b/)
  })

  it('puts each key in one area file (two would race for the text)', () => {
    const areas = import.meta.glob<Record<string, string>>('./reasons/*.zh-CN.json', { eager: true, import: 'default' })
    const seen = new Map<string, string>()
    for (const [file, texts] of Object.entries(areas)) {
      for (const key of Object.keys(texts)) {
        expect(seen.get(key), `${key} in ${file} and ${seen.get(key)}`).toBeUndefined()
        seen.set(key, file)
      }
    }
  })
})

describe('explain', () => {
  const zh = createAppI18n('zh-CN').global
  const en = createAppI18n('en').global

  it('renders an error by its reason and params in the UI language', () => {
    const err = { reason: 'field.too_long', params: { max: '200' }, message: 'is longer than 200 characters' }
    expect(explain(err, zh.t, zh.te)).toBe('超过 200 个字符')
    expect(explain(err, en.t, en.te)).toBe('is longer than 200 characters')
  })

  it('renders a Note by its reason, and takes params from the caller', () => {
    const note = { reason: 'condition.number', params: { op: 'gt' }, text: 'op gt needs a number' }
    expect(explain(note, zh.t, zh.te)).toBe('运算符 > 需要一个数字')
    expect(explain(note, zh.t, zh.te, { op: '大于' })).toBe('运算符 大于 需要一个数字')
  })

  it('says a condition op by its symbol, in a verdict sentence too', () => {
    const note = { reason: 'condition.is', params: { field: 'status', got: '401', op: 'eq', want: '200' } }
    expect(explain(note, zh.t, zh.te)).toBe('status 为 401，期望 = 200')
    expect(explain({ ...note, params: { ...note.params, op: 'contains' } }, zh.t, zh.te)).toBe('status 为 401，期望 包含 200')
    expect(explain(note, en.t, en.te)).toBe('status is 401, expected = 200')
  })

  it('says a nested sentence by its own reason, the English detail only when it has none', () => {
    const note = {
      reason: 'token.send_failed',
      params: {
        where: 'POST https://127.0.0.1:1/token',
        detail: 'connection refused by 127.0.0.1:1: nothing listens on that port, or a firewall refuses the connection',
        'detail.reason': 'net.refused',
        'detail.host': '127.0.0.1:1',
      },
    }
    const zhText = explain(note, zh.t, zh.te)
    expect(zhText).toContain('127.0.0.1:1')
    expect(zhText).not.toMatch(/connection refused|nothing listens/)
    expect(zhText).toBe(`令牌请求（POST https://127.0.0.1:1/token）失败：${zh.t('reason.net.refused', { host: '127.0.0.1:1' })}`)
    const bare = { reason: 'token.send_failed', params: { where: 'GET x', detail: 'as Go said it' } }
    expect(explain(bare, zh.t, zh.te)).toContain('as Go said it')
  })

  it('falls back to the message only for a reason it does not know', () => {
    expect(explain({ reason: 'no.such_reason', message: 'as the backend wrote it' }, zh.t, zh.te)).toBe('as the backend wrote it')
    expect(explain({ text: 'a note without reason' }, zh.t, zh.te)).toBe('a note without reason')
    expect(explain({}, zh.t, zh.te)).toBe('')
  })

  it('interpolates params as given, never as message syntax', () => {
    const err = { reason: 'field.duplicate', params: { name: '{x} | @:y' } }
    expect(explain(err, en.t, en.te)).toBe('"{x} | @:y" appears twice')
  })
})
