import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { createAppI18n } from '@/i18n'
import RelativeTime from './RelativeTime.vue'
import { relativeTime } from './relativeTime'

const now = new Date('2026-11-23T12:00:00Z').getTime()
const ago = (ms: number) => new Date(now - ms).toISOString()
const min = 60_000

describe('relativeTime', () => {
  const zh = createAppI18n('zh-CN').global.t
  const en = createAppI18n('en').global.t
  it.each([
    [ago(10_000), '刚刚', 'just now'],
    [ago(-90_000), '刚刚', 'just now'],
    [ago(min), '1 分钟前', '1 minute ago'],
    [ago(5 * min), '5 分钟前', '5 minutes ago'],
    [ago(60 * min), '1 小时前', '1 hour ago'],
    [ago(23 * 60 * min), '23 小时前', '23 hours ago'],
    [ago(2 * 24 * 60 * min), '2 天前', '2 days ago'],
  ])('%s', (ts, wantZh, wantEn) => {
    expect(relativeTime(zh, ts, now)).toBe(wantZh)
    expect(relativeTime(en, ts, now)).toBe(wantEn)
  })

  it('shows the date past a month, and nothing for a zero time', () => {
    expect(relativeTime(en, ago(40 * 24 * 60 * min), now)).toMatch(/^2026-10-1\d$/)
    expect(relativeTime(en, '0001-01-01T00:00:00Z', now)).toBe('')
    expect(relativeTime(en, '', now)).toBe('')
  })
})

describe('RelativeTime', () => {
  it('shows the relative time and keeps the full time for the tooltip', () => {
    const ts = new Date(Date.now() - 5 * min).toISOString()
    const w = mount(RelativeTime, { props: { time: ts }, global: { plugins: [createAppI18n('zh-CN')] } })
    const el = w.find('time')
    expect(el.text()).toBe('5 分钟前')
    expect(el.attributes('datetime')).toBe(ts)
    expect(el.attributes('data-full')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/)
  })
})
