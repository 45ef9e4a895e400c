// An operation-log entry's summary in the UI's language, rendered from its
// action, target and params (audit.summary.<action>), not from the English
// sentence the backend stores for the CLI. The stored summary is shown only
// when this build has no text for the action or the entry lacks a value the
// text names (an entry written before entries carried params).

/** What the summary reads of an entry; params come with the audit view. */
export interface SummarySource {
  action: string
  targetKey: string
  summary: string
  params?: Record<string, string> | null
}

type Translate = (key: string, named?: Record<string, unknown>) => string
type Exists = (key: string) => boolean
/** The raw text of a key (vue-i18n's tm), to see which values it names. */
type Raw = (key: string) => unknown

// Params whose values are enum values with a label of their own.
const valueLabels: Record<string, string> = { level: 'access' }

/** summaryText says what an entry records in the UI's language. */
export function summaryText(e: SummarySource, t: Translate, te: Exists, tm: Raw): string {
  const key = `audit.summary.${e.action}`
  if (!te(key)) return e.summary
  const named: Record<string, string> = { target: e.targetKey }
  for (const [name, value] of Object.entries(e.params ?? {})) {
    const label = valueLabels[name] ? `${valueLabels[name]}.${value}` : ''
    named[name] = label && te(label) ? t(label) : value
  }
  const raw = tm(key)
  const names = typeof raw === 'string' ? [...raw.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!) : []
  return names.every((n) => n in named) ? t(key, named) : e.summary
}
