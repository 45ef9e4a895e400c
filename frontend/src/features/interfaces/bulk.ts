// Bulk add: what the bulk dialog reads from pasted text and how it merges the
// result into the params already there. A JSON sample becomes a param tree
// (the backend infers it, see schema.FromSample); `key: value` lines (also
// `key=value`, tab-separated as copied from devtools, or a query string)
// become query params or headers with the value as their default.
import type { ParamIn, ResponseParam } from '@/api/interfaces'
import { hasChildrenType, newParamRow, type ParamRow } from './model'

/** What the bulk dialog adds to: the response params or the request params of one location. */
export type BulkTarget = 'response' | Exclude<ParamIn, 'path'>

/** Whether a target reads a JSON sample (else `key: value` lines). */
export const readsJson = (target: BulkTarget) => target === 'response' || target === 'body'

/** One pasted `key: value` line. */
export interface KvItem {
  name: string
  value: string
  /** 1-based line of the paste. */
  line: number
}

/** A pasted line that gave no param, and why. */
export interface KvSkip {
  line: number
  text: string
  reason: 'pseudo' | 'requestLine' | 'badName' | 'duplicate'
}

// RFC 9110 token: what a header name may be.
const headerName = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
const requestLine = /^[A-Z]+ \S+ HTTP\/\d(\.\d)?$/

function decodeQuery(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '))
  } catch {
    return s
  }
}

/** sameName compares param names as the location does: headers ignore case. */
export const sameName = (where: ParamIn, a: string, b: string) => (where === 'header' ? a.toLowerCase() === b.toLowerCase() : a === b)

/**
 * parseKeyValueLines reads pasted lines into names and values. A line splits
 * at its first tab, ":" or "=" (whichever comes first); a line with none is a
 * name without a value. For query params, a line holding a query string or a
 * URL with one ("?a=1&b=2") gives one param per pair, percent-decoded.
 * Headers skip HTTP/2 pseudo-headers (":authority") and a request line
 * ("GET /x HTTP/1.1"), and refuse names that are not header tokens. A name
 * seen again is skipped: the first one wins.
 */
export function parseKeyValueLines(text: string, where: 'query' | 'header'): { items: KvItem[]; skipped: KvSkip[] } {
  const items: KvItem[] = []
  const skipped: KvSkip[] = []
  const add = (name: string, value: string, line: number, raw: string) => {
    if (where === 'header' && !headerName.test(name)) return skipped.push({ line, text: raw, reason: 'badName' })
    if (where === 'query' && (name === '' || /\s/.test(name))) return skipped.push({ line, text: raw, reason: 'badName' })
    if (items.some((i) => sameName(where, i.name, name))) return skipped.push({ line, text: raw, reason: 'duplicate' })
    items.push({ name, value, line })
  }
  text.split(/\r?\n/).forEach((rawLine, i) => {
    const line = i + 1
    const raw = rawLine.trim()
    if (raw === '') return
    if (where === 'header' && raw.startsWith(':')) return skipped.push({ line, text: raw, reason: 'pseudo' })
    if (requestLine.test(raw)) return skipped.push({ line, text: raw, reason: 'requestLine' })
    if (where === 'query' && !raw.includes('\t') && !/^[^=]*:\s/.test(raw) && (raw.includes('&') || raw.includes('?'))) {
      const q = raw.includes('?') ? raw.slice(raw.indexOf('?') + 1) : raw
      for (const pair of q.split('#')[0]!.split('&')) {
        if (pair === '') continue
        const at = pair.indexOf('=')
        const name = decodeQuery(at < 0 ? pair : pair.slice(0, at)).trim()
        add(name, at < 0 ? '' : decodeQuery(pair.slice(at + 1)), line, raw)
      }
      return
    }
    const at = raw.search(/[\t:=]/)
    const name = (at < 0 ? raw : raw.slice(0, at)).trim()
    const value = at < 0 ? '' : raw.slice(at + 1).trim()
    // key=value in a query is as it appears in a URL: percent-encoded.
    add(name, where === 'query' && raw[at] === '=' ? decodeQuery(value) : value, line, raw)
  })
  return { items, skipped }
}

/** A line of the bulk preview: one param of the resulting tree. */
export interface PreviewLine {
  key: string
  depth: number
  name: string
  type: string
  /** The response path, or the value that becomes the default. */
  detail: string
  isNew: boolean
  /** The sample had only null here: the user picks the type. */
  nullable: boolean
}

/**
 * mergeKeyValues builds the rows of a location from pasted items: merged, the
 * rows already there stay as they are and the new names follow them; replaced,
 * the pasted items are all there is. It says which rows are new.
 */
export function mergeKeyValues(
  existing: ParamRow[],
  items: KvItem[],
  where: 'query' | 'header',
  mode: 'merge' | 'replace',
): { rows: ParamRow[]; added: Set<string> } {
  const added = new Set<string>()
  const rows = mode === 'merge' ? [...existing] : []
  for (const it of items) {
    if (rows.some((r) => sameName(where, r.name.trim(), it.name))) continue
    const row = newParamRow({ name: it.name, defaultText: it.value })
    added.add(row.id)
    rows.push(row)
  }
  return { rows, added }
}

/** The key of a param in a tree: its name path (names may hold any character but NUL). */
export const nameKey = (prefix: string, name: string) => (prefix ? `${prefix}\u0000${name}` : name)

/**
 * nullOnlyKeys lists the name paths of a JSON sample whose every value is
 * null, walking it as schema.FromSample does (array elements merged, an
 * array of arrays as "items"). The backend makes those strings; the dialog
 * lets the user choose. Malformed text gives none (the backend says why).
 */
export function nullOnlyKeys(sample: string): Set<string> {
  let root: unknown
  try {
    root = JSON.parse(sample.replace(/^\uFEFF/, ''))
  } catch {
    return new Set()
  }
  const seen = new Map<string, boolean>()
  const record = (key: string, v: unknown) => seen.set(key, (seen.get(key) ?? true) && v === null)
  const walkValue = (key: string, v: unknown) => {
    record(key, v)
    if (Array.isArray(v)) walkArray(v, key)
    else if (v !== null && typeof v === 'object') walkObject(v as Record<string, unknown>, key)
  }
  const walkObject = (o: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(o)) if (k !== '') walkValue(nameKey(prefix, k), v)
  }
  const walkArray = (a: unknown[], prefix: string) => {
    for (const el of a) {
      if (Array.isArray(el)) walkValue(nameKey(prefix, 'items'), el)
      else if (el !== null && typeof el === 'object') walkObject(el as Record<string, unknown>, prefix)
    }
  }
  if (Array.isArray(root)) walkValue('items', root)
  else if (root !== null && typeof root === 'object') walkObject(root as Record<string, unknown>, '')
  return new Set([...seen].filter(([, onlyNull]) => onlyNull).map(([k]) => k))
}

/** withTypes sets the type of the params whose name path the user chose one for. */
export function withTypes(params: ResponseParam[], chosen: Map<string, string>, prefix = ''): ResponseParam[] {
  return params.map((p) => {
    const key = nameKey(prefix, p.name)
    const out: ResponseParam = { ...p, type: chosen.get(key) ?? p.type }
    if (p.children?.length) out.children = withTypes(p.children, chosen, key)
    return out
  })
}

/** bodyRowsFromSample turns a param tree inferred from a sample into request body rows (caller inputs). */
export function bodyRowsFromSample(params: ResponseParam[]): ParamRow[] {
  return params.map((p) => newParamRow({ name: p.name, type: p.type, children: bodyRowsFromSample(p.children ?? []) }))
}

/**
 * mergeBodyRows merges rows built from a sample into the body params there:
 * a param already there (same name at the same place) keeps everything set
 * on it and gets the sample's new children; the others are added after.
 */
export function mergeBodyRows(existing: ParamRow[], incoming: ParamRow[]): { rows: ParamRow[]; added: Set<string> } {
  const added = new Set<string>()
  const mark = (r: ParamRow) => {
    added.add(r.id)
    r.children.forEach(mark)
  }
  const merge = (have: ParamRow[], rows: ParamRow[]): ParamRow[] => {
    const out = [...have]
    for (const r of rows) {
      const i = out.findIndex((h) => h.name.trim() === r.name)
      if (i < 0) {
        mark(r)
        out.push(r)
        continue
      }
      const h = out[i]!
      // A param kept as a scalar takes no children from the sample.
      if (!hasChildrenType(h.type)) continue
      const children = merge(h.children, r.children)
      if (children.length !== h.children.length) out[i] = { ...h, children }
    }
    return out
  }
  return { rows: merge(existing, incoming), added }
}

/** countParams counts every param of a tree, nested ones included (the tab badges and the toasts). */
export function countParams(rows: readonly { children?: readonly unknown[] | null }[]): number {
  let n = 0
  for (const r of rows) n += 1 + countParams((r.children ?? []) as { children?: unknown[] }[])
  return n
}
