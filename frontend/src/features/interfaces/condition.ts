// The success condition as the builder edits it: a root group of rules and
// nested groups, each with an id. Values are held as typed text and become
// JSON values (numbers, booleans, text, lists) only when the condition is built.
import type { Condition } from '@/api/interfaces'
import { newId } from './model'

export const condOps = ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'contains', 'notContains', 'empty', 'notEmpty', 'matches', 'in'] as const
export type Op = (typeof condOps)[number]

/** isOp tells an op of the list from any other text (a select's value). */
export function isOp(v: string): v is Op {
  return (condOps as readonly string[]).includes(v)
}

/** Ops that take no value. */
export const valuelessOps: readonly string[] = ['empty', 'notEmpty']
/** Ops whose value is compared as text, never read as a number. */
const textOps: readonly string[] = ['contains', 'notContains', 'matches']

export interface CondRule {
  id: string
  kind: 'rule'
  field: string
  op: Op
  /** The value as typed (ops other than in). */
  value: string
  /** The values as typed (op in). */
  list: string[]
}

export interface CondGroup {
  id: string
  kind: 'group'
  mode: 'all' | 'any'
  items: CondNode[]
}

export type CondNode = CondRule | CondGroup

export function newRule(init: Partial<Omit<CondRule, 'id' | 'kind'>> = {}): CondRule {
  return { id: newId('c'), kind: 'rule', field: '', op: 'eq', value: '', list: [], ...init }
}

export function newGroup(mode: 'all' | 'any' = 'all', items: CondNode[] = []): CondGroup {
  return { id: newId('g'), kind: 'group', mode, items }
}

const numberText = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/

/**
 * readValue turns typed text into the JSON value a rule compares with: a
 * number, true, false or null as such, "quoted" text as the text inside the
 * quotes, anything else as text. (The backend compares numbers and numeric
 * text alike, so 200 and "200" mean the same to it.)
 */
export function readValue(text: string): unknown {
  const t = text.trim()
  if (numberText.test(t)) {
    const n = Number(t)
    if (!Number.isInteger(n) || Number.isSafeInteger(n)) return n
  }
  if (t === 'true' || t === 'false') return t === 'true'
  if (t === 'null') return null
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
    try {
      return JSON.parse(t) as unknown
    } catch {
      return text
    }
  }
  return text
}

/** writeValue is the inverse of readValue: readValue(writeValue(v)) equals v. */
export function writeValue(v: unknown): string {
  if (v === undefined) return ''
  if (typeof v === 'string') return readValue(v) === v ? v : JSON.stringify(v)
  if (v === null || typeof v !== 'object') return String(v)
  return JSON.stringify(v)
}

function ruleValue(r: CondRule): unknown {
  if (valuelessOps.includes(r.op)) return undefined
  if (r.op === 'in') return r.list.map(readValue)
  if (textOps.includes(r.op)) return r.value
  return readValue(r.value)
}

function fromNode(n: CondNode): Condition {
  if (n.kind === 'group') return { [n.mode]: n.items.map(fromNode) }
  const c: Condition = { field: n.field.trim(), op: n.op }
  const v = ruleValue(n)
  if (v !== undefined) c.value = v
  return c
}

/**
 * fromCondTree builds the domain condition. The root is always a group; an
 * empty root is no condition at all ({}), which the backend refuses with
 * "success is required", shown on the tab.
 */
export function fromCondTree(root: CondGroup): Condition {
  return root.items.length ? fromNode(root) : {}
}

function toNode(c: Condition): CondNode {
  if (c.all !== undefined || c.any !== undefined) {
    const mode = c.any !== undefined && c.all === undefined ? 'any' : 'all'
    return newGroup(mode, (c[mode] ?? []).map(toNode))
  }
  const op = c.op || 'eq'
  const rule = newRule({ field: c.field ?? '', op })
  if (op === 'in' && Array.isArray(c.value)) {
    rule.list = c.value.map(writeValue)
  } else if (textOps.includes(op) && typeof c.value === 'string') {
    rule.value = c.value
  } else {
    rule.value = writeValue(c.value)
  }
  return rule
}

/** toCondTree reads a domain condition; a single rule at the top becomes an all group of one. */
export function toCondTree(c: Condition | null | undefined): CondGroup {
  if (!c || (c.all === undefined && c.any === undefined && !c.field && !c.op)) return newGroup('all')
  const node = toNode(c)
  return node.kind === 'group' ? node : newGroup('all', [node])
}

/** findNode finds a node by id with the group that holds it. */
export function findNode(root: CondGroup, id: string): { node: CondNode; parent: CondGroup | null } | null {
  if (root.id === id) return { node: root, parent: null }
  for (const n of root.items) {
    if (n.id === id) return { node: n, parent: root }
    if (n.kind === 'group') {
      const found = findNode(n, id)
      if (found) return found
    }
  }
  return null
}
