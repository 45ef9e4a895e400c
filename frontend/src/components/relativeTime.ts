import { onBeforeUnmount, onMounted, ref } from 'vue'
import { formatDateTime } from '@/lib/format'

const minute = 60_000
const hour = 60 * minute
const day = 24 * hour
/** Past this a time is shown as its date: "43 days ago" says less than "2026-10-20". */
const maxDays = 30

type Translate = (key: string, named: Record<string, unknown>, plural: number) => string

/**
 * relativeTime says how long ago a backend timestamp was, in the UI's words:
 * "刚刚" / "just now" under a minute (and for a clock a little ahead), then
 * minutes, hours and days, then the date itself; "" for a zero or bad stamp.
 */
export function relativeTime(t: Translate, ts: string | null | undefined, now: number): string {
  const full = formatDateTime(ts)
  if (!full) return ''
  const ago = now - new Date(ts!).getTime()
  if (ago < minute) return t('time.justNow', {}, 1)
  if (ago < hour) return plural(t, 'time.minutesAgo', Math.floor(ago / minute))
  if (ago < day) return plural(t, 'time.hoursAgo', Math.floor(ago / hour))
  const days = Math.floor(ago / day)
  if (days <= maxDays) return plural(t, 'time.daysAgo', days)
  return full.slice(0, 10)
}

const plural = (t: Translate, key: string, n: number) => t(key, { n }, n)

// One clock for every relative time on screen, ticking while any is mounted.
const now = ref(Date.now())
let users = 0
let timer: ReturnType<typeof setInterval> | undefined

/** useNow is the current time in milliseconds, updated every 30 seconds. */
export function useNow() {
  // The clock may be up to a tick behind: a new time on screen reads it afresh.
  now.value = Date.now()
  onMounted(() => {
    if (users++ === 0) timer = setInterval(() => (now.value = Date.now()), 30_000)
  })
  onBeforeUnmount(() => {
    if (--users === 0) clearInterval(timer)
  })
  return now
}
