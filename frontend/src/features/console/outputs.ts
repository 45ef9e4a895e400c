// Extracted outputs as rows of a tree table: one row per value, objects and
// lists with their members as children.

import type { ResponseParam } from '@/api/interfaces'

export interface OutputRow {
  key: string
  name: string
  /** The declared type of the response param (integer stays integer), else the JSON value's. */
  type: string
  /** The value as JSON text for a scalar; a count ("3 items") is shown for the others. */
  value: string
  size: number
  children?: OutputRow[]
}

function typeOf(v: unknown): string {
  if (v === null || v === undefined) return 'null'
  if (Array.isArray(v)) return 'array'
  switch (typeof v) {
    case 'object':
      return 'object'
    case 'number':
    case 'bigint':
      return 'number'
    case 'boolean':
      return 'boolean'
    default:
      return 'string'
  }
}

/**
 * outputRows builds the tree, in the order the interface declares its response
 * params and with their declared types (outputs come back from the backend
 * sorted by name); values no param declares follow in their own order. Members
 * beyond limit per level are left out (the JSON view has them all).
 */
export function outputRows(
  outputs: Record<string, unknown> | null | undefined,
  declared: readonly ResponseParam[] = [],
  limit = 200,
): OutputRow[] {
  const ordered = (entries: [string, unknown][], params: readonly ResponseParam[]) => {
    const rank = new Map(params.map((p, i) => [p.name, i]))
    const at = (name: string) => rank.get(name) ?? params.length
    return entries
      .map((e, i) => ({ e, i }))
      .sort((a, b) => at(a.e[0]) - at(b.e[0]) || a.i - b.i)
      .map(({ e }) => e)
  }
  const build = (name: string, v: unknown, key: string, param?: ResponseParam): OutputRow => {
    const type = typeOf(v)
    const kids = param?.children ?? []
    if (type === 'array') {
      // An element has its own JSON type; its fields are the list param's children.
      const item = (e: unknown): ResponseParam => ({ name: '', path: '', type: typeOf(e), children: kids })
      const entries = (v as unknown[]).slice(0, limit)
      return {
        key,
        name,
        type: param?.type ?? type,
        value: '',
        size: (v as unknown[]).length,
        children: entries.length ? entries.map((e, i) => build(`[${i}]`, e, `${key}/[${i}]`, item(e))) : undefined,
      }
    }
    if (type === 'object') {
      const entries = ordered(Object.entries(v as object), kids)
      return {
        key,
        name,
        type: param?.type ?? type,
        value: '',
        size: entries.length,
        children: entries.length
          ? entries.slice(0, limit).map(([n, e]) => build(n, e, `${key}/${n}`, kids.find((k) => k.name === n)))
          : undefined,
      }
    }
    // null keeps its own type: the value was absent, whatever was declared.
    const shown = param && type !== 'null' ? param.type : type
    return { key, name, type: shown, value: JSON.stringify(v ?? null), size: 0 }
  }
  const byName = new Map(declared.map((p) => [p.name, p]))
  return ordered(Object.entries(outputs ?? {}), declared).map(([k, v]) => build(k, v, k, byName.get(k)))
}
