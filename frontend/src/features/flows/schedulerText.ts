// The list's scheduler line: who schedules the store's timed flows.
import type { SchedulerStatus } from '@/api/flows'

type Translate = (key: string, named?: Record<string, unknown>) => string

/** schedulerText is 本窗口, held by LABEL, or 无 (nobody: timed flows do not fire). */
export function schedulerText(s: SchedulerStatus, t: Translate): string {
  if (!s.held) return t('flows.scheduler.none')
  if (s.self) return t('flows.scheduler.self')
  return t('flows.scheduler.other', { label: s.label })
}
