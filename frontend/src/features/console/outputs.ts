// Extracted outputs as rows of a tree table: one row per value, objects and
// lists with their members as children.

export interface OutputRow {
  key: string
  name: string
  type: 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null'
  /** The value as JSON text for a scalar; a count ("3 items") is shown for the others. */
  value: string
  size: number
  children?: OutputRow[]
}

function typeOf(v: unknown): OutputRow['type'] {
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

/** outputRows builds the tree; members beyond limit per level are left out (the JSON view has them all). */
export function outputRows(outputs: Record<string, unknown> | null | undefined, limit = 200): OutputRow[] {
  const build = (name: string, v: unknown, key: string): OutputRow => {
    const type = typeOf(v)
    if (type === 'object' || type === 'array') {
      const entries = type === 'array' ? (v as unknown[]).map((e, i) => [`[${i}]`, e] as const) : Object.entries(v as object)
      return {
        key,
        name,
        type,
        value: '',
        size: entries.length,
        children: entries.length ? entries.slice(0, limit).map(([n, e]) => build(n, e, `${key}/${n}`)) : undefined,
      }
    }
    return { key, name, type, value: JSON.stringify(v ?? null), size: 0 }
  }
  return Object.entries(outputs ?? {}).map(([k, v]) => build(k, v, k))
}
