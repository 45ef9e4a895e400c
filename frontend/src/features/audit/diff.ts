// The details of an audit entry, made readable: backend/audit writes
// {"changes": {"<path>": {"before": v, "after": v}}, ...extra} as JSON, with
// secret values replaced by "[redacted]". parseDetails turns that into table
// rows; it never throws, since a log viewer must show whatever it finds.

/** The marker backend/domain writes in place of a secret value. */
export const redacted = '[redacted]'

/** One side of a change: absent (the field did not exist), a hidden secret, or a value as text. */
export type Cell = { kind: 'absent' } | { kind: 'redacted' } | { kind: 'value'; text: string; block: boolean }

export interface DiffRow {
  field: string
  before: Cell
  after: Cell
}

export interface ExtraRow {
  key: string
  value: Cell
}

export interface ParsedDetails {
  /** The field-level changes, by path in natural order ("request[2]" before "request[10]"). */
  rows: DiffRow[]
  /** Everything else the entry recorded (an invocation's verdict, an import's report ...). */
  extra: ExtraRow[]
  /** The details as stored, when they are not the JSON object described above. */
  unreadable: string
}

/** cell renders one value: strings as they are, anything else as compact JSON. */
export function cell(value: unknown): Cell {
  if (value === undefined || value === null) {
    return { kind: 'absent' }
  }
  if (value === redacted) {
    return { kind: 'redacted' }
  }
  if (typeof value === 'string') {
    return { kind: 'value', text: value, block: value.includes('\n') }
  }
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) {
    // A list of plain values reads best on one line: ["sales", "crm"].
    return { kind: 'value', text: `[${value.map((v) => JSON.stringify(v)).join(', ')}]`, block: false }
  }
  if (typeof value === 'object') {
    const text = JSON.stringify(value, null, 2)
    return { kind: 'value', text, block: text.includes('\n') }
  }
  return { kind: 'value', text: String(value), block: false }
}

const byPath = new Intl.Collator('en', { numeric: true })

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

export function parseDetails(details: string | null | undefined): ParsedDetails {
  const out: ParsedDetails = { rows: [], extra: [], unreadable: '' }
  const text = (details ?? '').trim()
  if (!text) {
    return out
  }
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    out.unreadable = text
    return out
  }
  if (!isObject(doc)) {
    out.unreadable = text
    return out
  }
  for (const [key, value] of Object.entries(doc)) {
    if (key === 'changes' && isObject(value)) {
      for (const [field, change] of Object.entries(value)) {
        const c = isObject(change) ? change : { after: change }
        out.rows.push({ field, before: cell(c.before), after: cell(c.after) })
      }
    } else {
      out.extra.push({ key, value: cell(value) })
    }
  }
  out.rows.sort((a, b) => byPath.compare(a.field, b.field))
  out.extra.sort((a, b) => byPath.compare(a.key, b.key))
  return out
}

/** hasSecret reports whether any side of any change was redacted. */
export function hasSecret(p: ParsedDetails): boolean {
  return p.rows.some((r) => r.before.kind === 'redacted' || r.after.kind === 'redacted')
}
