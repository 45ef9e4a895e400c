import { describe, expect, it } from 'vitest'
import { createAppI18n } from '@/i18n'
import { describeTrigger, intervalSeconds, splitInterval } from './trigger'

const zh = createAppI18n('zh-CN').global.t as (k: string, n?: Record<string, unknown>) => string
const en = createAppI18n('en').global.t as (k: string, n?: Record<string, unknown>) => string

describe('a trigger in words', () => {
  it('says manual, intervals in their largest whole unit, and the common cron shapes', () => {
    expect(describeTrigger({ type: 'manual' }, zh)).toBe('手动')
    expect(describeTrigger({ type: 'interval', everySec: 300 }, zh)).toBe('每 5 分钟')
    expect(describeTrigger({ type: 'interval', everySec: 7200 }, zh)).toBe('每 2 小时')
    expect(describeTrigger({ type: 'interval', everySec: 90 }, zh)).toBe('每 90 秒')
    expect(describeTrigger({ type: 'interval', everySec: 3600 }, zh)).toBe('每小时')
    expect(describeTrigger({ type: 'cron', cron: '* * * * *' }, zh)).toBe('每分钟')
    expect(describeTrigger({ type: 'cron', cron: '0 9 * * *', timezone: 'Asia/Shanghai' }, zh)).toBe('每天 09:00（Asia/Shanghai）')
    expect(describeTrigger({ type: 'cron', cron: '30 8 * * 1-5' }, zh)).toBe('工作日 08:30')
    expect(describeTrigger({ type: 'cron', cron: '0 9 * * 1' }, zh)).toBe('每周一 09:00')
    expect(describeTrigger({ type: 'cron', cron: '*/15 * * * *' }, zh)).toBe('每 15 分钟')
    expect(describeTrigger({ type: 'cron', cron: '0 0 1 * *' }, zh)).toBe('每月 1 日 00:00')
  })

  it('keeps a cron it cannot read as the cron itself', () => {
    expect(describeTrigger({ type: 'cron', cron: '0 9 1-7 * 1' }, zh)).toBe('cron 0 9 1-7 * 1')
    expect(describeTrigger({ type: 'cron', cron: '0 9 * 1 *', timezone: 'UTC' }, en)).toBe('cron 0 9 * 1 * (UTC)')
  })

  it('reads in English with plural forms', () => {
    expect(describeTrigger({ type: 'interval', everySec: 60 }, en)).toBe('Every minute')
    expect(describeTrigger({ type: 'interval', everySec: 300 }, en)).toBe('Every 5 minutes')
    expect(describeTrigger({ type: 'cron', cron: '0 9 * * *', timezone: 'Asia/Shanghai' }, en)).toBe('Every day at 09:00 (Asia/Shanghai)')
    expect(describeTrigger({ type: 'cron', cron: '5 * * * *' }, en)).toBe('Every hour at :05')
    expect(describeTrigger({ type: 'cron', cron: '0 18 * * 5' }, en)).toBe('Every Friday at 18:00')
  })

  it('splits an interval into number and unit and back', () => {
    expect(splitInterval(300)).toEqual({ n: 5, unit: 'minute' })
    expect(splitInterval(86400 * 2)).toEqual({ n: 2, unit: 'day' })
    expect(splitInterval(45)).toEqual({ n: 45, unit: 'second' })
    expect(intervalSeconds(5, 'minute')).toBe(300)
    expect(intervalSeconds(3, 'hour')).toBe(10800)
  })
})
