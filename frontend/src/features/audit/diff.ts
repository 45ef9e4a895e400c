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

type Translate = (key: string, named?: Record<string, unknown>) => string
type Has = (key: string) => boolean

/** One step of a change's path: a key, or an index into a list. */
type Segment = { key: string } | { index: number }

/** pathSegments splits "request[0].source.kind" and `headers["X.Trace"]` into their steps. */
export function pathSegments(path: string): Segment[] {
  const out: Segment[] = []
  const step = /\["((?:[^"\\]|\\.)*)"\]|\[(\d+)\]|([^.[\]]+)/g
  for (const m of path.matchAll(step)) {
    if (m[1] !== undefined) out.push({ key: JSON.parse(`"${m[1]}"`) as string })
    else if (m[2] !== undefined) out.push({ index: Number(m[2]) })
    else out.push({ key: m[3]! })
  }
  return out
}

/**
 * paramNames finds what the entry itself says about the names of list items:
 * "request[0]" → "user" when the details carry request[0].name, so a label can
 * say 请求参数 › user rather than a position.
 */
export function paramNames(rows: DiffRow[]): Map<string, string> {
  const out = new Map<string, string>()
  for (const r of rows) {
    const m = /^(.*\[\d+\])\.name$/.exec(r.field)
    if (!m) continue
    const side = r.after.kind === 'value' ? r.after : r.before
    if (side.kind === 'value' && side.text) out.set(m[1]!, side.text)
  }
  return out
}

// The lists whose items are params (named by their name key) and the keys
// that mean something else inside one of them than at the top.
const paramLists = new Set(['request', 'response', 'children'])

/**
 * fieldLabel reads a change's path as the form's field labels in the UI's
 * language: request[0].source.kind → 请求参数 › user › 取值来源. A step the
 * labels do not know is shown as written; the raw path stays in a tooltip.
 */
export function fieldLabel(path: string, t: Translate, te: Has, names: Map<string, string> = new Map()): string {
  const parts: string[] = []
  let raw = ''
  let inParam = false // below an item of a param list: name, type, source mean the param's
  let list = '' // the key just before an index
  const segs = pathSegments(path)
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!
    if ('index' in s) {
      raw += `[${s.index}]`
      parts.push(names.get(raw) ?? t('audit.label.item', { n: s.index + 1 }))
      inParam = paramLists.has(list)
      continue
    }
    raw += raw ? `.${s.key}` : s.key
    const next = segs[i + 1]
    list = s.key
    if (inParam && s.key === 'children' && next && 'index' in next) continue // leads to the next param
    if (inParam && s.key === 'source' && next && 'key' in next && (next.key === 'kind' || next.key === 'value')) {
      parts.push(t(next.key === 'kind' ? 'audit.label.param.source' : 'audit.label.param.sourceValue'))
      raw += `.${next.key}`
      i++
      continue
    }
    const key = inParam ? `audit.label.param.${s.key}` : `audit.label.${s.key}`
    parts.push(te(key) ? t(key) : s.key)
  }
  return parts.join(' › ')
}
