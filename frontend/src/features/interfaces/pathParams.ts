// Path params follow the path as it is typed: each {name} in the path has one
// path param, in path order, and a param whose {name} leaves the path goes.
import { splitURL } from '@/features/connections/form'
import { newParamRow, type ParamRow } from './model'

const pathVar = /\{([^{}/]*)\}/g

/**
 * pathSlots returns the placeholders of a path in order: each distinct name
 * once, and '' for each empty {} (a name still being typed).
 */
export function pathSlots(path: string): string[] {
  const names: string[] = []
  for (const m of path.matchAll(pathVar)) {
    const name = m[1]!
    if (name === '' || !names.includes(name)) names.push(name)
  }
  return names
}

/** pathVars returns the distinct non-empty {names} of a path, in order (as backend/domain reads them). */
export function pathVars(path: string): string[] {
  return pathSlots(path).filter((n) => n !== '')
}

/** A path param as the path creates it: a required string the caller gives. */
export function newPathParam(name: string): ParamRow {
  return newParamRow({ name, type: 'string', required: true, source: { kind: 'input', value: '' } })
}

/**
 * syncPathParams returns the path params for path, given the current ones:
 * rows whose name is still in the path are kept as they are (with the user's
 * edits), new names get a fresh param and the others are dropped. A single
 * placeholder changed in place ({id} typed over into {userId}, through {} if
 * need be) renames its row rather than replacing it, so its type, source and
 * description survive the typing. Dropped rows go into stash (when given) and
 * come back from it, edits and all, if their name returns, as when a brace is
 * deleted and typed again. An empty {} has a row with no name, which the
 * editor does not send (the backend then names the empty placeholder).
 */
export function syncPathParams(path: string, rows: ParamRow[], stash?: Map<string, ParamRow>): ParamRow[] {
  const slots = pathSlots(path)
  const current = rows.map((r) => r.name)
  if (slots.length === current.length && slots.every((n, i) => n === current[i])) {
    return rows
  }
  if (slots.length === rows.length) {
    const changed = slots.map((n, i) => (n !== current[i] ? i : -1)).filter((i) => i >= 0)
    const i = changed[0]!
    const renamed = slots[i]!
    const old = current[i]!
    if (
      changed.length === 1 &&
      (renamed === '' || (!current.includes(renamed) && !stash?.has(renamed))) &&
      (old === '' || !slots.includes(old))
    ) {
      rows[i]!.name = renamed
      return [...rows]
    }
  }
  const byName = new Map(rows.filter((r) => r.name !== '').map((r) => [r.name, r]))
  const unnamed = rows.filter((r) => r.name === '')
  const next = slots.map((n) => {
    if (n === '') return unnamed.shift() ?? newPathParam('')
    const kept = byName.get(n) ?? stash?.get(n)
    stash?.delete(n)
    return kept ?? newPathParam(n)
  })
  for (const r of rows) {
    if (r.name !== '' && !slots.includes(r.name)) stash?.set(r.name, r)
  }
  return next
}

/** What splitPastedPath made of a pasted URL or a path with a query string. */
export interface PastedPath {
  /** The path to keep, relative to the connection's base. */
  path: string
  /** The query string's pairs, in order, decoded. */
  query: { name: string; value: string }[]
  /** The connection's own base that was taken off the front ("https://api.x.com/open"). */
  stripped?: string
  /** The pasted URL's origin when it is not the connection's host: only its path was kept. */
  otherOrigin?: string
}

type Base = { protocol: string; host: string; basePath?: string }

/**
 * splitPastedPath reads a full URL pasted into the path field as the
 * connection form reads one pasted into its host field (splitURL): the
 * connection's own protocol://host/basePath comes off the front, and a query
 * string becomes query params. A plain path with "?a=1" has its query split
 * the same way. null when the text is a path already.
 */
export function splitPastedPath(text: string, conn: Base | null): PastedPath | null {
  const t = text.trim()
  const url = splitURL(t)
  const q = t.indexOf('?')
  if (!url && q < 0) return null
  const hash = t.indexOf('#', q < 0 ? 0 : q)
  const queryText = q < 0 ? '' : t.slice(q + 1, hash < 0 ? undefined : hash)
  const query = [...new URLSearchParams(queryText)].filter(([name]) => name !== '').map(([name, value]) => ({ name, value }))
  if (!url) return { path: t.slice(0, q), query }
  const out: PastedPath = { path: url.basePath, query }
  if (!conn) return out
  if (url.host.toLowerCase() !== conn.host.trim().toLowerCase()) {
    out.otherOrigin = `${url.protocol}://${url.host}`
    return out
  }
  const base = (conn.basePath ?? '').replace(/\/+$/, '')
  const p = url.basePath
  if (base && (p === base || p.startsWith(base + '/'))) out.path = p.slice(base.length)
  out.stripped = `${url.protocol}://${url.host}${out.path !== p ? base : ''}`
  return out
}

/**
 * withQueryParams adds the pairs of a pasted query string to the query
 * params: a caller input with the value as its default; a param already
 * there keeps its row and takes the value as its default.
 */
export function withQueryParams(rows: ParamRow[], query: PastedPath['query']): ParamRow[] {
  const next = [...rows]
  for (const { name, value } of query) {
    const had = next.find((r) => r.name === name)
    if (had) had.defaultText = value
    else next.push(newParamRow({ name, type: 'string', defaultText: value, source: { kind: 'input', value: '' } }))
  }
  return next
}
