// The fields a condition or a template can read, from the interface being
// edited: its response paths, outputs, request params and the system fields.
import { paramIns, responsePaths, systemFields, type ParamRow, type RequestRows, type RespRow } from './model'

/** One readable field: the path to insert and what it is (a type, a description). */
export interface FieldItem {
  value: string
  type?: string
  hint?: string
}

export type FieldGroupName = 'status' | 'response' | 'outputs' | 'request' | 'headers' | 'input' | 'system' | 'item' | 'account' | 'cause'

export interface FieldGroup {
  group: FieldGroupName
  items: FieldItem[]
  /** The group's heading when not the stock one of its name (a flow step's outputs: "步骤 code 的响应参数"). */
  label?: string
}

/** Headers most APIs answer with, offered before the user types their own headers.<name>. */
export const commonHeaders = ['Content-Type', 'Content-Length', 'X-Request-Id']

function topParams(request: RequestRows): ParamRow[] {
  return paramIns.flatMap((where) => request[where]).filter((p) => p.name.trim() !== '')
}

/** conditionFields are the fields a success rule can test (spec: status, headers, response, request, outputs). */
export function conditionFields(request: RequestRows, response: RespRow[]): FieldGroup[] {
  const paths = responsePaths(response)
  return [
    { group: 'status', items: [{ value: 'status', type: 'integer' }] },
    { group: 'response', items: paths.map((p) => ({ value: `response.${p.path}`, type: p.path.endsWith('#') ? 'integer' : p.row.type, hint: p.row.description })) },
    { group: 'outputs', items: paths.filter((p) => !p.output.includes('.')).map((p) => ({ value: `outputs.${p.output}`, type: p.row.type, hint: p.row.description })) },
    { group: 'request', items: topParams(request).map((p) => ({ value: `request.${p.name.trim()}`, type: p.type, hint: p.description })) },
    { group: 'headers', items: commonHeaders.map((h) => ({ value: `headers.${h}`, type: 'string' })) },
  ]
}

/** messageFields are what a message template can show: the answer, the cause and the call's inputs. */
export function messageFields(request: RequestRows, response: RespRow[]): FieldGroup[] {
  const paths = responsePaths(response).filter((p) => !p.path.endsWith('#'))
  return [
    { group: 'cause', items: [{ value: 'cause' }] },
    { group: 'status', items: [{ value: 'status', type: 'integer' }] },
    { group: 'response', items: paths.map((p) => ({ value: `response.${p.path}`, type: p.row.type, hint: p.row.description })) },
    { group: 'outputs', items: paths.filter((p) => !p.output.includes('.')).map((p) => ({ value: `outputs.${p.output}`, type: p.row.type, hint: p.row.description })) },
    { group: 'request', items: topParams(request).map((p) => ({ value: `request.${p.name.trim()}`, type: p.type, hint: p.description })) },
    { group: 'system', items: systemFields.map((f) => ({ value: `system.${f}` })) },
  ]
}

/**
 * sourceFields are what a template or map source can read: the caller's
 * inputs, system fields, account fields and, under an array mapped from a
 * list, the current element (item.<child>).
 */
export function sourceFields(request: RequestRows, itemFields: string[] = []): FieldGroup[] {
  const inputs = topParams(request).filter((p) => p.source.kind === 'input')
  const groups: FieldGroup[] = []
  if (itemFields.length) groups.push({ group: 'item', items: itemFields.map((f) => ({ value: `item.${f}` })) })
  groups.push(
    { group: 'input', items: inputs.map((p) => ({ value: `input.${p.name.trim()}`, type: p.type, hint: p.description })) },
    { group: 'system', items: systemFields.map((f) => ({ value: `system.${f}` })) },
  )
  return groups
}

/** mappedParent returns the nearest ancestor of a row that is an array mapped from a list, if any. */
export function mappedParent(rows: ParamRow[], id: string): ParamRow | null {
  const walk = (list: ParamRow[], mapped: ParamRow | null): ParamRow | null | undefined => {
    for (const r of list) {
      if (r.id === id) return mapped
      const found = walk(r.children, r.source.kind === 'map' ? r : mapped)
      if (found !== undefined) return found
    }
    return undefined
  }
  return walk(rows, null) ?? null
}
