// Where a backend validation error belongs in the editor. The backend names
// the field at fault with a path into the InterfaceInput it was sent, such as
// "request[2].children[0].source.value", "response[1].path",
// "success.all[1].any[0].op" or "path"; locateError turns that path into the
// tab, row and column to show it on.
import type { ParamIn } from '@/api/interfaces'
import type { CondGroup, CondNode } from './condition'
import type { ParamOrigin, ParamRow, RequestRows, RespRow } from './model'

/** The editor's tabs: one per request location, the response and the success condition. */
export type EditorTab = ParamIn | 'response' | 'success'

/** The basic-info fields, by the name the backend gives them. */
export const basicFields = ['key', 'name', 'description', 'connectionKey', 'method', 'path', 'bodyType'] as const
export type BasicField = (typeof basicFields)[number]

export interface ErrorTarget {
  /** The tab to switch to; none for a basic-info field. */
  tab?: EditorTab
  /** A basic-info field at fault. */
  basic?: BasicField
  /** The row (param, response param) or condition node at fault. */
  rowId?: string
  /** The column of that row: name, type, default, source, path, field, op, value, children... */
  column?: string
  /** A message template at fault (success tab): unmet, timeout or error. */
  message?: 'unmet' | 'timeout' | 'error'
}

interface Segment {
  name: string
  index?: number
}

/** parseFieldPath splits "request[2].children[0].source" into its segments. */
export function parseFieldPath(path: string): Segment[] {
  const out: Segment[] = []
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (m[1] !== undefined) out.push({ name: m[1] })
    else if (out.length) out[out.length - 1]!.index = Number(m[2])
    else out.push({ name: '', index: Number(m[2]) })
  }
  return out
}

export interface LocateContext {
  /** Where each top-level param of the request list sent came from (toRequestParams). */
  origin: ParamOrigin[]
  request: RequestRows
  response: RespRow[]
  success: CondGroup
}

type TreeRow = { id: string; children: TreeRow[] }

/** walkRows follows children[i] segments down a row tree; it returns the deepest row found and the rest. */
function walkRows<T extends TreeRow>(row: T, rest: Segment[]): { row: T; rest: Segment[] } {
  let at = row
  let i = 0
  while (i < rest.length && rest[i]!.name === 'children' && rest[i]!.index !== undefined) {
    const child = at.children[rest[i]!.index!] as T | undefined
    if (!child) break
    at = child
    i++
  }
  return { row: at, rest: rest.slice(i) }
}

const column = (rest: Segment[]) => (rest.length ? rest[0]!.name : undefined)

export function locateError(field: string, ctx: LocateContext): ErrorTarget {
  const segs = parseFieldPath(field)
  const head = segs[0]
  if (!head) return {}
  if ((basicFields as readonly string[]).includes(head.name) && head.index === undefined) {
    return { basic: head.name as BasicField }
  }
  switch (head.name) {
    case 'request': {
      if (head.index === undefined) return { tab: 'body' }
      const origin = ctx.origin[head.index]
      if (!origin) return { tab: 'query' }
      const top = ctx.request[origin.in].find((r) => r.id === origin.rowId)
      if (!top) return { tab: origin.in }
      const { row, rest } = walkRows<ParamRow>(top, segs.slice(1))
      return { tab: origin.in, rowId: row.id, column: column(rest) }
    }
    case 'response': {
      if (head.index === undefined) return { tab: 'response' }
      const top = ctx.response[head.index]
      if (!top) return { tab: 'response' }
      const { row, rest } = walkRows<RespRow>(top, segs.slice(1))
      return { tab: 'response', rowId: row.id, column: column(rest) }
    }
    case 'success': {
      let node: CondNode = ctx.success
      let i = 1
      while (i < segs.length && node.kind === 'group') {
        const s = segs[i]!
        if ((s.name !== 'all' && s.name !== 'any') || s.index === undefined) break
        const next: CondNode | undefined = node.items[s.index]
        if (!next) break
        node = next
        i++
      }
      if (node === ctx.success && i === 1) {
        // "success" itself (no condition) or a fault of the root group.
        return segs.length > 1 && ctx.success.items.length ? { tab: 'success', rowId: ctx.success.id } : { tab: 'success' }
      }
      const rest = segs.slice(i)
      // "success.all[1].any" (an empty group) names the group itself.
      const col = rest[0] && rest[0].name !== 'all' && rest[0].name !== 'any' ? rest[0].name : undefined
      return { tab: 'success', rowId: node.id, column: col }
    }
    case 'messages': {
      const m = segs[1]?.name
      return { tab: 'success', message: m === 'unmet' || m === 'timeout' || m === 'error' ? m : undefined }
    }
  }
  return {}
}
