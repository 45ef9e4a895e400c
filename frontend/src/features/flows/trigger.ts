// A trigger in words for the list ("每 5 分钟", "每天 09:00（Asia/Shanghai）")
// and the interval trigger's number and unit for the editor.
import type { Trigger } from '@/api/flows'

type Translate = (key: string, named?: Record<string, unknown>) => string

export const intervalUnits = ['second', 'minute', 'hour', 'day'] as const
export type IntervalUnit = (typeof intervalUnits)[number]
const unitSeconds: Record<IntervalUnit, number> = { second: 1, minute: 60, hour: 3600, day: 86400 }

/** splitInterval gives a period in its largest whole unit: 300 s is 5 minutes. */
export function splitInterval(everySec: number): { n: number; unit: IntervalUnit } {
  for (const unit of ['day', 'hour', 'minute'] as const) {
    if (everySec > 0 && everySec % unitSeconds[unit] === 0) return { n: everySec / unitSeconds[unit], unit }
  }
  return { n: everySec, unit: 'second' }
}

export function intervalSeconds(n: number, unit: IntervalUnit): number {
  return Math.round(n * unitSeconds[unit])
}

const num = /^\d+$/
const pad = (s: string) => s.padStart(2, '0')

const descriptors: Record<string, string> = {
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
}

/** cronPhrase reads the common cron shapes as a sentence; null for any other. */
export function cronPhrase(cron: string, t: Translate): string | null {
  const fields = (descriptors[cron.trim()] ?? cron).trim().split(/\s+/)
  if (fields.length !== 5) return null
  const [min, hour, dom, month, dow] = fields as [string, string, string, string, string]
  if (month !== '*') return null
  const every = /^\*\/(\d+)$/.exec(min)
  if (every && hour === '*' && dom === '*' && dow === '*') return t('flows.trigger.cron.everyMinutes', { n: Number(every[1]) })
  if (min === '*' && hour === '*' && dom === '*' && dow === '*') return t('flows.trigger.cron.everyMinutes', { n: 1 })
  if (!num.test(min)) return null
  if (hour === '*' && dom === '*' && dow === '*') return t('flows.trigger.cron.hourly', { m: pad(min) })
  if (!num.test(hour)) return null
  const time = `${pad(hour)}:${pad(min)}`
  if (dom === '*' && dow === '*') return t('flows.trigger.cron.daily', { time })
  if (dom === '*' && dow === '1-5') return t('flows.trigger.cron.weekdays', { time })
  if (dom === '*' && /^[0-7]$/.test(dow)) return t('flows.trigger.cron.weekly', { day: t(`flows.trigger.weekday.${Number(dow) % 7}`), time })
  if (num.test(dom) && dow === '*') return t('flows.trigger.cron.monthly', { day: Number(dom), time })
  return null
}

/** describeTrigger is a trigger in words: 手动, 每 5 分钟, 每天 09:00（Asia/Shanghai）, or the cron itself. */
export function describeTrigger(tr: Trigger | null | undefined, t: Translate): string {
  if (!tr || tr.type === 'manual' || !tr.type) return t('flows.trigger.manual')
  if (tr.type === 'interval') {
    const { n, unit } = splitInterval(tr.everySec ?? 0)
    return t(`flows.trigger.every.${unit}`, { n })
  }
  const cron = tr.cron ?? ''
  const phrase = cronPhrase(cron, t) ?? t('flows.trigger.cron.raw', { cron })
  return tr.timezone ? t('flows.trigger.inZone', { what: phrase, zone: tr.timezone }) : phrase
}
