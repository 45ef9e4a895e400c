// The editor's working copy of an interface and its conversion to and from
// the definition the backend stores. Rows carry a stable id (for keys, focus,
// drag and error highlighting) that never leaves the editor.
import type {
  ParamIn,
  ParamSource,
  RequestParam,
  ResponseParam,
} from '@/api/interfaces'

export const paramIns: ParamIn[] = ['path', 'query', 'header', 'body']
export const paramTypes = ['string', 'number', 'integer', 'boolean', 'object', 'array'] as const
export const sourceKinds = ['input', 'static', 'system', 'template', 'map'] as const
export const bodyTypes = ['none', 'json', 'form', 'multipart', 'text', 'xml'] as const
export const systemFields = ['userId', 'userName', 'orgId', 'now', 'timestamp', 'uuid', 'date'] as const
export const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const

let seq = 0
/** newId returns an id unique in this window, for rows and condition nodes. */
export function newId(prefix = 'r'): string {
  seq += 1
  return `${prefix}${seq}`
}

/** A request param as the editor holds it: default as text, children always present. */
export interface ParamRow {
  id: string
  name: string
  type: string
  required: boolean
  /** The default as typed; '' means none. See defaultFromText. */
  defaultText: string
  source: { kind: string; value: string }
  description: string
  children: ParamRow[]
}

/** The request params of each location (the tabs of the editor). */
export type RequestRows = Record<ParamIn, ParamRow[]>

/** A response param as the editor holds it. */
export interface RespRow {
  id: string
  name: string
  type: string
  path: string
  description: string
  children: RespRow[]
}

export const hasChildrenType = (type: string) => type === 'object' || type === 'array'

export function newParamRow(init: Partial<Omit<ParamRow, 'id'>> = {}): ParamRow {
  return {
    id: newId('p'),
    name: '',
    type: 'string',
    required: false,
    defaultText: '',
    source: { kind: 'input', value: '' },
    description: '',
    children: [],
    ...init,
  }
}

export function newRespRow(init: Partial<Omit<RespRow, 'id'>> = {}): RespRow {
  return { id: newId('o'), name: '', type: 'string', path: '', description: '', children: [], ...init }
}

const numberText = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/

/**
 * defaultFromText reads a default as typed for a param of the type: text for
 * a string; a number, true/false or JSON for the others. Text that does not
 * read as the type is sent as text, for the backend to judge. '' is no default.
 */
export function defaultFromText(text: string, type: string): unknown {
  if (text === '') return undefined
  if (type === 'string') return text
  const t = text.trim()
  if ((type === 'number' || type === 'integer') && numberText.test(t)) return Number(t)
  if (type === 'boolean' && (t === 'true' || t === 'false')) return t === 'true'
  try {
    return JSON.parse(t) as unknown
  } catch {
    return text
  }
}

/** defaultToText is the inverse of defaultFromText: defaultFromText(defaultToText(v)) equals v. */
export function defaultToText(value: unknown, type: string): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'string') {
    if (type === 'string' || defaultFromText(value, type) === value) return value
    return JSON.stringify(value)
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

/** Whether a default as typed reads as a value of the type (used to mark the cell). */
export function defaultFits(text: string, type: string): boolean {
  if (text === '' || type === 'string') return true
  const v = defaultFromText(text, type)
  switch (type) {
    case 'number':
      return typeof v === 'number'
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v)
    case 'boolean':
      return typeof v === 'boolean'
    case 'object':
      return v !== null && typeof v === 'object' && !Array.isArray(v)
    case 'array':
      return Array.isArray(v)
  }
  return true
}

function toParamRow(p: RequestParam): ParamRow {
  return {
    id: newId('p'),
    name: p.name ?? '',
    type: p.type || 'string',
    required: !!p.required,
    defaultText: defaultToText(p.default, p.type),
    source: { kind: p.source?.kind || 'input', value: p.source?.value ?? '' },
    description: p.description ?? '',
    children: (p.children ?? []).map(toParamRow),
  }
}

/** toRequestRows splits a request param list by location into editor rows. */
export function toRequestRows(params: RequestParam[] | null | undefined): RequestRows {
  const rows: RequestRows = { path: [], query: [], header: [], body: [] }
  for (const p of params ?? []) {
    const where = (paramIns as string[]).includes(p.in ?? '') ? (p.in as ParamIn) : 'query'
    rows[where].push(toParamRow(p))
  }
  return rows
}

function toParam(row: ParamRow, where?: ParamIn): RequestParam {
  const source: ParamSource = { kind: row.source.kind }
  if (row.source.value !== '' && row.source.kind !== 'input') source.value = row.source.value
  const name = row.name.trim()
  const p: RequestParam = where
    ? { name, in: where, type: row.type, required: row.required, source, description: row.description }
    : { name, type: row.type, required: row.required, source, description: row.description }
  const def = row.source.kind === 'input' ? defaultFromText(row.defaultText, row.type) : undefined
  if (def !== undefined) p.default = def
  if (row.children.length) p.children = row.children.map((c) => toParam(c))
  return p
}

/** Where each top-level param of a built request list came from, by index. */
export interface ParamOrigin {
  in: ParamIn
  rowId: string
}

/**
 * toRequestParams builds the request param list the backend stores, in the
 * order path, query, header, body, and says where each top-level param came
 * from, so that an error on request[i] finds its row.
 */
export function toRequestParams(rows: RequestRows): { params: RequestParam[]; origin: ParamOrigin[] } {
  const params: RequestParam[] = []
  const origin: ParamOrigin[] = []
  for (const where of paramIns) {
    for (const row of rows[where]) {
      // A path param without a name belongs to an empty {} still being typed;
      // the backend names the empty placeholder on the path instead.
      if (where === 'path' && row.name.trim() === '') continue
      params.push(toParam(row, where))
      origin.push({ in: where, rowId: row.id })
    }
  }
  return { params, origin }
}

export function toRespRows(params: ResponseParam[] | null | undefined): RespRow[] {
  return (params ?? []).map((p) => ({
    id: newId('o'),
    name: p.name ?? '',
    type: p.type || 'string',
    path: p.path ?? '',
    description: p.description ?? '',
    children: toRespRows(p.children),
  }))
}

export function toResponseParams(rows: RespRow[]): ResponseParam[] {
  return rows.map((r) => {
    const p: ResponseParam = { name: r.name.trim(), type: r.type, path: r.path.trim() }
    if (r.description) p.description = r.description
    if (r.children.length) p.children = toResponseParams(r.children)
    return p
  })
}

/** findRow finds a row by id anywhere in a tree, with the list that holds it. */
export function findRow<T extends { id: string; children: T[] }>(
  rows: T[],
  id: string,
): { row: T; list: T[]; index: number; depth: number } | null {
  const walk = (list: T[], depth: number): ReturnType<typeof findRow<T>> => {
    for (let i = 0; i < list.length; i++) {
      const row = list[i]!
      if (row.id === id) return { row, list, index: i, depth }
      const found = walk(row.children, depth + 1)
      if (found) return found
    }
    return null
  }
  return walk(rows, 0)
}

/**
 * responsePaths lists the gjson paths of a response tree from the body root,
 * with their params: objects join with ".", an array gives its own path and,
 * for counting, "<path>.#"; the children of an array are read from its first
 * element ("<path>.0.<child>").
 */
export function responsePaths(rows: RespRow[]): { path: string; row: RespRow; output: string }[] {
  const out: { path: string; row: RespRow; output: string }[] = []
  // base is the path of the parent ('' for the body); a child of an array
  // reads the array's first element.
  const join = (base: string, rel: string) => (rel === '@this' ? base || '@this' : base ? `${base}.${rel}` : rel)
  const walk = (list: RespRow[], base: string, outBase: string) => {
    for (const r of list) {
      const name = r.name.trim()
      const rel = r.path.trim()
      if (!name || !rel) continue
      const own = join(base, rel)
      const output = outBase ? `${outBase}.${name}` : name
      out.push({ path: own, row: r, output })
      if (r.type === 'array') {
        out.push({ path: own === '@this' ? '#' : `${own}.#`, row: r, output: `${output}.#` })
        walk(r.children, own === '@this' ? '0' : `${own}.0`, `${output}.0`)
      } else if (r.type === 'object') {
        walk(r.children, own === '@this' ? '' : own, output)
      }
    }
  }
  walk(rows, '', '')
  return out
}
