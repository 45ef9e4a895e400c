// The test console's input form, generated from an interface's request param
// tree: which params the caller gives (source input), how each is edited, the
// values it starts with, and the conversion between the form's values and the
// inputs object the backend takes (service.InvokeInput.inputs).
//
// The backend (backend/invoke/inputs.go) reads a top-level input by its name,
// an object's children from the object's value and an array's children from
// each element; params of other sources (static, system, template, map) are
// computed by the backend and left out of the form, and so are their children.
import type { RequestParam } from '@/api/interfaces'

export type ParamIn = 'path' | 'query' | 'header' | 'body'
export const paramIns: ParamIn[] = ['path', 'query', 'header', 'body']

/** How one field is edited. */
export type FieldKind =
  | 'text' // string
  | 'integer'
  | 'number'
  | 'boolean'
  | 'group' // an object with input children: a nested fieldset
  | 'rows' // an array of objects with input children: repeatable rows of fieldsets
  | 'json' // an object or array without input children: a JSON text box

export interface FieldSpec {
  name: string
  /** The backend's name for it in errors, without "inputs.": "user.name", "items[].sku". */
  path: string
  in: ParamIn
  type: string
  kind: FieldKind
  /** Required by the definition, or a path param (always required). */
  required: boolean
  description: string
  /** The definition's default; undefined when there is none. */
  default: unknown
  /** group and rows: the fields of the object (of each row). */
  children: FieldSpec[]
  /** A list no param declares as an input but a list mapping (列表映射) reads: the mapping param's path. */
  mappedBy?: string
}

/** A value of the form: text, a number (null: empty), a boolean (null: not set), JSON text, a group, rows. */
export type FormValue = string | number | boolean | null | FormObject | FormObject[]
export interface FormObject {
  [name: string]: FormValue
}

const isInput = (p: RequestParam) => !p.source?.kind || p.source.kind === 'input'
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function normIn(v: string | undefined): ParamIn {
  return (paramIns as string[]).includes(v ?? '') ? (v as ParamIn) : 'body'
}

function buildField(p: RequestParam, where: ParamIn, prefix: string): FieldSpec | null {
  if (!isInput(p)) {
    return null
  }
  const path = prefix ? `${prefix}.${p.name}` : p.name
  const field: FieldSpec = {
    name: p.name,
    path,
    in: where,
    type: p.type,
    kind: 'text',
    required: p.required || where === 'path',
    description: p.description ?? '',
    default: p.default === null ? undefined : p.default,
    children: [],
  }
  const childPrefix = p.type === 'array' ? `${path}[]` : path
  const children = (p.children ?? [])
    .map((c) => buildField(c, where, childPrefix))
    .filter((c): c is FieldSpec => c !== null)
  switch (p.type) {
    case 'integer':
    case 'number':
    case 'boolean':
      field.kind = p.type
      break
    case 'object':
      if ((p.children ?? []).length > 0 && children.length === 0) {
        // Every child is computed: the caller has nothing to give.
        return null
      }
      field.kind = children.length > 0 ? 'group' : 'json'
      field.children = children
      break
    case 'array':
      field.kind = children.length > 0 ? 'rows' : 'json'
      field.children = children
      break
  }
  return field
}

/**
 * buildFields returns the fields of the params the caller gives, in definition order, then one
 * rows field for every list a mapping (source map, "{{input.users}}") reads that no param gives:
 * the backend maps each element of that input, so the caller gives the list.
 */
export function buildFields(params: RequestParam[] | null | undefined): FieldSpec[] {
  const fields = (params ?? [])
    .map((p) => buildField(p, normIn(p.in), ''))
    .filter((f): f is FieldSpec => f !== null)
  const names = new Set(fields.map((f) => f.name))
  for (const top of params ?? []) {
    for (const m of mappings(top, top.name)) {
      const list = inputListOf(m.param.source?.value)
      if (!list || names.has(list)) continue
      names.add(list)
      const children = itemFields(m.param.children ?? [], normIn(top.in), `${list}[]`)
      fields.push({
        name: list,
        path: list,
        in: normIn(top.in),
        type: 'array',
        kind: children.length ? 'rows' : 'json',
        required: m.param.required,
        description: m.param.description ?? '',
        default: undefined,
        children,
        mappedBy: m.path,
      })
    }
  }
  return fields
}

/** mappings finds the params of a tree whose source is a list mapping, with their paths ("order.lines"). */
function mappings(p: RequestParam, path: string): { param: RequestParam; path: string }[] {
  if (p.source?.kind === 'map') return [{ param: p, path }]
  return (p.children ?? []).flatMap((c) => mappings(c, `${path}.${c.name}`))
}

/** inputListOf names the input a mapping reads whole, "users" of "{{ input.users }}"; "" for anything else. */
function inputListOf(tmpl: string | undefined): string {
  return /^\s*\{\{\s*input\.([^.\s|#[\]{}\\]+)\s*\}\}\s*$/.exec(tmpl ?? '')?.[1] ?? ''
}

const itemRef = /\{\{\s*item\.([^.\s|#[\]{}\\]+)[^}]*\}\}/g
const soleItemRef = /^\s*\{\{\s*item\.([^.\s|#[\]{}\\]+)\s*\}\}\s*$/

/**
 * itemFields are the fields of one element of a mapped list, read off the mapping's children: a
 * child of source input reads the element's field of its name, a template reads the fields
 * {{item.X}} names (typed like the child when it is that one placeholder), and a nested mapping
 * of {{item.X}} makes X a list of its own.
 */
function itemFields(children: RequestParam[], where: ParamIn, prefix: string): FieldSpec[] {
  const out: FieldSpec[] = []
  const seen = new Set<string>()
  const add = (f: FieldSpec | null) => {
    if (f && !seen.has(f.name)) {
      seen.add(f.name)
      out.push(f)
    }
  }
  const plain = (name: string, type: string, from: RequestParam): FieldSpec => ({
    name,
    path: `${prefix}.${name}`,
    in: where,
    type,
    kind: type === 'integer' || type === 'number' || type === 'boolean' ? type : type === 'string' ? 'text' : 'json',
    required: false,
    description: from.description ?? '',
    default: undefined,
    children: [],
  })
  for (const c of children) {
    const kind = c.source?.kind || 'input'
    if (kind === 'input') {
      add(buildField(c, where, prefix))
    } else if (kind === 'map') {
      const name = soleItemRef.exec(c.source?.value ?? '')?.[1]
      if (!name) continue
      const rows = itemFields(c.children ?? [], where, `${prefix}.${name}[]`)
      add({ ...plain(name, 'array', c), kind: rows.length ? 'rows' : 'json', children: rows })
    } else if (kind === 'template') {
      const value = c.source?.value ?? ''
      const sole = soleItemRef.exec(value)?.[1]
      if (sole) {
        add(plain(sole, c.type, c))
        continue
      }
      for (const m of value.matchAll(itemRef)) add(plain(m[1]!, 'string', c))
    }
  }
  return out
}

/** groupFields splits top-level fields by location, in the order path, query, header, body; empty groups left out. */
export function groupFields(fields: FieldSpec[]): { in: ParamIn; fields: FieldSpec[] }[] {
  return paramIns.map((where) => ({ in: where, fields: fields.filter((f) => f.in === where) })).filter((g) => g.fields.length > 0)
}

/** countFields counts every field of a tree (nested ones included). */
export function countFields(fields: FieldSpec[]): number {
  return fields.reduce((n, f) => n + 1 + countFields(f.children), 0)
}

// --- values -----------------------------------------------------------------------------------

function textOf(v: unknown): string {
  if (v === undefined || v === null) {
    return ''
  }
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v)
}

function numberOf(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) {
    return v
  }
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) {
    return Number(v)
  }
  return null
}

function booleanOf(v: unknown): boolean | null {
  if (typeof v === 'boolean') {
    return v
  }
  if (v === 'true' || v === 1 || v === '1') {
    return true
  }
  if (v === 'false' || v === 0 || v === '0') {
    return false
  }
  return null
}

/**
 * valueOf is the form value of one field given a value (an input, or the default when the
 * input is absent). Children take their own default when the value lacks them, as the backend does.
 */
function valueOf(f: FieldSpec, given: unknown): FormValue {
  const v = given === undefined || given === null ? f.default : given
  switch (f.kind) {
    case 'text':
      return textOf(v)
    case 'integer':
    case 'number':
      return numberOf(v)
    case 'boolean':
      return booleanOf(v)
    case 'json':
      return v === undefined || v === null ? '' : JSON.stringify(v, null, 2)
    case 'group':
      return objectOf(f.children, isObject(v) ? v : {})
    case 'rows':
      return Array.isArray(v) ? v.map((e) => objectOf(f.children, isObject(e) ? e : {})) : []
  }
}

function objectOf(fields: FieldSpec[], source: Record<string, unknown>): FormObject {
  const out: FormObject = {}
  for (const f of fields) {
    out[f.name] = valueOf(f, source[f.name])
  }
  return out
}

/** initialValues is the form as it opens: every field at its default, or empty. */
export function initialValues(fields: FieldSpec[]): FormObject {
  return objectOf(fields, {})
}

/** emptyRow is a new row of a rows field, its fields at their defaults. */
export function emptyRow(f: FieldSpec): FormObject {
  return objectOf(f.children, {})
}

/**
 * fromInputs fills the form from an inputs object (remembered, from a history row, or edited as
 * JSON). Top-level inputs that match no field are returned as extras, so that they are sent
 * again (a template can read {{input.anything}}); unknown keys inside an object are dropped
 * because the backend reads declared children only.
 */
export function fromInputs(fields: FieldSpec[], inputs: Record<string, unknown> | null | undefined): { values: FormObject; extras: Record<string, unknown> } {
  const src = isObject(inputs) ? inputs : {}
  const values: FormObject = {}
  for (const f of fields) {
    // An absent input shows the default, as the backend would apply it; a given null as empty.
    values[f.name] = f.name in src && src[f.name] === null ? emptyOf(f) : valueOf(f, src[f.name])
  }
  const names = new Set(fields.map((f) => f.name))
  const extras: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(src)) {
    if (!names.has(k)) {
      extras[k] = v
    }
  }
  return { values, extras }
}

function emptyOf(f: FieldSpec): FormValue {
  switch (f.kind) {
    case 'text':
    case 'json':
      return ''
    case 'group':
      return objectOf(f.children, {})
    case 'rows':
      return []
    default:
      return null
  }
}

/** A problem that keeps the form from being sent: path as in FieldSpec, with row indexes ("items[0].sku"). */
export interface FieldIssue {
  path: string
  reason: 'required' | 'json' | 'integer'
}

/**
 * toInputs turns the form into the inputs object. An empty field is left out, so the backend
 * applies the param's default (empty text, a cleared number, a boolean not set, an empty JSON
 * box, a group with nothing filled, no rows); to send "" or [] on purpose, edit the inputs as
 * JSON. Extras are sent as they are, under the fields' values.
 */
export function toInputs(
  fields: FieldSpec[],
  values: FormObject,
  extras: Record<string, unknown> = {},
): { inputs: Record<string, unknown>; issues: FieldIssue[] } {
  const issues: FieldIssue[] = []
  // Extras never share a name with a field (fromInputs keeps only the others).
  const inputs = { ...extras, ...collect(fields, values, '', issues) }
  return { inputs, issues }
}

function collect(fields: FieldSpec[], values: FormObject, prefix: string, issues: FieldIssue[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const f of fields) {
    const path = prefix ? `${prefix}.${f.name}` : f.name
    const v = collectOne(f, values?.[f.name], path, issues)
    if (v !== undefined) {
      out[f.name] = v
    } else if (f.required) {
      issues.push({ path, reason: 'required' })
    }
  }
  return out
}

/** collectOne returns the input of one field, undefined when it is empty. */
function collectOne(f: FieldSpec, v: FormValue | undefined, path: string, issues: FieldIssue[]): unknown {
  switch (f.kind) {
    case 'text':
      return typeof v === 'string' && v !== '' ? v : undefined
    case 'integer':
      if (typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v)) {
        // The number editor takes any number as it is typed (it would not update an integer-only
        // field until it loses focus, and Ctrl+Enter sends before that).
        issues.push({ path, reason: 'integer' })
        return undefined
      }
      return typeof v === 'number' && Number.isFinite(v) ? v : undefined
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? v : undefined
    case 'boolean':
      return typeof v === 'boolean' ? v : undefined
    case 'json': {
      const text = typeof v === 'string' ? v.trim() : ''
      if (text === '') {
        return undefined
      }
      try {
        return JSON.parse(text) as unknown
      } catch {
        issues.push({ path, reason: 'json' })
        return undefined
      }
    }
    case 'group': {
      const obj = isObject(v) ? (v as FormObject) : {}
      // Nested required fields count only once the group is given at all.
      const own: FieldIssue[] = []
      const out = collect(f.children, obj, path, own)
      if (Object.keys(out).length === 0) {
        issues.push(...own.filter((i) => i.reason !== 'required'))
        return undefined
      }
      issues.push(...own)
      return out
    }
    case 'rows': {
      const rows = Array.isArray(v) ? v : []
      if (rows.length === 0) {
        return undefined
      }
      return rows.map((row, i) => collect(f.children, row, `${path}[${i}]`, issues))
    }
  }
}

/** parseInputsJSON reads the JSON editor's text: an object, or an error message key. */
export function parseInputsJSON(text: string): { inputs: Record<string, unknown> } | { error: 'json' | 'notObject'; detail?: string } {
  const t = text.trim()
  if (t === '') {
    return { inputs: {} }
  }
  let v: unknown
  try {
    v = JSON.parse(t)
  } catch (e) {
    return { error: 'json', detail: e instanceof Error ? e.message : String(e) }
  }
  return isObject(v) ? { inputs: v } : { error: 'notObject' }
}

/** inputsJSON is the JSON editor's text for an inputs object. */
export function inputsJSON(inputs: Record<string, unknown>): string {
  return JSON.stringify(inputs, null, 2)
}

/**
 * issuePath maps a backend validation field ("inputs.items[1].sku") to the form's path of that
 * field, or "" when it is not about an input.
 */
export function issuePath(field: string | undefined): string {
  return field?.startsWith('inputs.') ? field.slice('inputs.'.length) : ''
}

// --- JSON mode and stray inputs -----------------------------------------------------------------

/** skeletonOf is a field's place in the JSON skeleton: its default, null, an object of its fields, one row. */
function skeletonOf(f: FieldSpec): unknown {
  if (f.default !== undefined) return f.default
  switch (f.kind) {
    case 'group':
      return Object.fromEntries(f.children.map((c) => [c.name, skeletonOf(c)]))
    case 'rows':
      return [Object.fromEntries(f.children.map((c) => [c.name, skeletonOf(c)]))]
    default:
      return null
  }
}

/**
 * skeletonInputs is the JSON editor's object: every input the form has, with its value, else its
 * default, else null (the backend reads null as not given), a group with all its fields and a list
 * with one skeleton item; then `names` (inputs only templates read) and the extras.
 */
export function skeletonInputs(
  fields: FieldSpec[],
  values: FormObject,
  extras: Record<string, unknown> = {},
  names: string[] = [],
): Record<string, unknown> {
  const given = toInputs(fields, values).inputs
  const out: Record<string, unknown> = {}
  for (const f of fields) {
    const v = given[f.name]
    out[f.name] = v === undefined ? skeletonOf(f) : f.kind === 'group' && isObject(v) ? { ...(skeletonOf(f) as object), ...v } : v
  }
  for (const n of names) {
    if (!(n in out)) out[n] = null
  }
  for (const [k, v] of Object.entries(extras)) {
    if (!(k in out) || out[k] === null) out[k] = v
  }
  return out
}

/** The inputs an interface reads beyond its fields: {{input.NAME}} in its templates (or any, for {{input}} whole). */
export interface TemplateInputs {
  names: string[]
  any: boolean
}

// As the backend finds them (backend/service/invoke_inputs.go): in any field of the interface or its connection.
const inputRef = /\{\{\s*input(?:\.([^.\s|#[\]{}\\]+)|\s*\}\})/g

/** templateInputs lists the input names the templates of docs (the interface, its connection) read. */
export function templateInputs(...docs: unknown[]): TemplateInputs {
  const names: string[] = []
  let any = false
  for (const d of docs) {
    if (d === null || d === undefined) continue
    for (const m of JSON.stringify(d).matchAll(inputRef)) {
      if (m[1] === undefined) any = true
      else if (!names.includes(m[1])) names.push(m[1])
    }
  }
  return { names, any }
}

/**
 * strayKeys are the top-level inputs that are no input of the interface (no field, no template
 * reads them): the backend refuses a call that gives one (inputs.NAME).
 */
export function strayKeys(inputs: Record<string, unknown>, fields: FieldSpec[], known: TemplateInputs): string[] {
  if (known.any) return []
  const names = new Set([...fields.map((f) => f.name), ...known.names])
  return Object.keys(inputs).filter((k) => !names.has(k))
}
