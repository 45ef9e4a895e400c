import { describe, expect, it } from 'vitest'
import type { RequestParam } from '@/api/interfaces'
import {
  buildFields,
  countFields,
  emptyRow,
  fromInputs,
  groupFields,
  initialValues,
  inputsJSON,
  issuePath,
  parseInputsJSON,
  skeletonInputs,
  strayKeys,
  templateInputs,
  toInputs,
  type FormObject,
} from './params'

const input = { kind: 'input' }
const p = (x: Partial<RequestParam> & { name: string }): RequestParam => ({
  type: 'string',
  required: false,
  source: input,
  description: '',
  ...x,
})

// An order API: a path id, query paging, a header, and a JSON body with a nested
// customer, a list of lines (objects) and a list of tags (no children).
const tree: RequestParam[] = [
  p({ name: 'orderId', in: 'path', type: 'integer' }),
  p({ name: 'page', in: 'query', type: 'integer', default: 1 }),
  p({ name: 'ratio', in: 'query', type: 'number', default: 0.5 }),
  p({ name: 'lang', in: 'query', source: { kind: 'static', value: 'zh_CN' } }),
  p({ name: 'X-Trace', in: 'header', description: 'trace id' }),
  p({ name: 'X-User', in: 'header', source: { kind: 'system', value: 'userId' } }),
  p({ name: 'urgent', in: 'body', type: 'boolean', default: false }),
  p({ name: 'note', in: 'body', required: true }),
  p({
    name: 'customer',
    in: 'body',
    type: 'object',
    required: true,
    children: [
      p({ name: 'name', required: true }),
      p({ name: 'vip', type: 'boolean' }),
      p({ name: 'createdBy', source: { kind: 'template', value: '{{system.userName}}' } }),
      p({ name: 'address', type: 'object', children: [p({ name: 'city', default: '上海' }), p({ name: 'zip' })] }),
    ],
  }),
  p({
    name: 'lines',
    in: 'body',
    type: 'array',
    children: [p({ name: 'sku', required: true }), p({ name: 'qty', type: 'integer', default: 1 })],
  }),
  p({ name: 'tags', in: 'body', type: 'array', default: ['a', 'b'] }),
  p({ name: 'extra', in: 'body', type: 'object' }),
  p({ name: 'audit', in: 'body', type: 'object', children: [p({ name: 'by', source: { kind: 'system', value: 'userId' } })] }),
  p({ name: 'items', in: 'body', type: 'array', source: { kind: 'map', value: '{{input.lines}}' }, children: [p({ name: 'id' })] }),
]

describe('buildFields', () => {
  const fields = buildFields(tree)
  const byName = Object.fromEntries(fields.map((f) => [f.name, f]))

  it('keeps only the params the caller gives, in definition order', () => {
    expect(fields.map((f) => f.name)).toEqual(['orderId', 'page', 'ratio', 'X-Trace', 'urgent', 'note', 'customer', 'lines', 'tags', 'extra'])
    // audit: every child is computed; items: mapped from a template.
    expect(byName.audit).toBeUndefined()
    expect(byName.items).toBeUndefined()
  })

  it('chooses an editor per type', () => {
    expect(byName.orderId?.kind).toBe('integer')
    expect(byName.ratio?.kind).toBe('number')
    expect(byName.urgent?.kind).toBe('boolean')
    expect(byName.note?.kind).toBe('text')
    expect(byName.customer?.kind).toBe('group')
    expect(byName.lines?.kind).toBe('rows')
    expect(byName.tags?.kind).toBe('json')
    expect(byName.extra?.kind).toBe('json')
  })

  it('nests children, leaving computed ones out, with the backend paths', () => {
    const customer = byName.customer!
    expect(customer.children.map((c) => c.name)).toEqual(['name', 'vip', 'address'])
    expect(customer.children[2]!.kind).toBe('group')
    expect(customer.children[2]!.children.map((c) => c.path)).toEqual(['customer.address.city', 'customer.address.zip'])
    expect(byName.lines!.children.map((c) => c.path)).toEqual(['lines[].sku', 'lines[].qty'])
    expect(customer.children[0]!.in).toBe('body')
  })

  it('marks required params, and path params always', () => {
    expect(byName.orderId?.required).toBe(true)
    expect(byName.note?.required).toBe(true)
    expect(byName.page?.required).toBe(false)
  })

  it('groups by location in the order path, query, header, body', () => {
    expect(groupFields(fields).map((g) => [g.in, g.fields.length])).toEqual([
      ['path', 1],
      ['query', 2],
      ['header', 1],
      ['body', 6],
    ])
    expect(countFields(fields)).toBe(10 + 3 + 2 + 2)
  })

  it('takes a missing source as input and a missing location as body', () => {
    const f = buildFields([{ name: 'q', type: 'string', required: false, description: '' } as unknown as RequestParam])
    expect(f[0]).toMatchObject({ name: 'q', in: 'body', kind: 'text' })
  })
})

describe('values', () => {
  const fields = buildFields(tree)

  it('start at the defaults, typed', () => {
    const v = initialValues(fields)
    expect(v.orderId).toBeNull()
    expect(v.page).toBe(1)
    expect(v.ratio).toBe(0.5)
    expect(v['X-Trace']).toBe('')
    expect(v.urgent).toBe(false)
    expect((v.customer as FormObject).vip).toBeNull()
    expect(((v.customer as FormObject).address as FormObject).city).toBe('上海')
    expect(v.lines).toEqual([])
    expect(v.tags).toBe('[\n  "a",\n  "b"\n]')
    expect(v.extra).toBe('')
  })

  it('give a new row its defaults', () => {
    const lines = fields.find((f) => f.name === 'lines')!
    expect(emptyRow(lines)).toEqual({ sku: '', qty: 1 })
  })

  it('become inputs without the empty fields, reporting missing required ones', () => {
    const v = initialValues(fields)
    const { inputs, issues } = toInputs(fields, v)
    expect(inputs).toEqual({ page: 1, ratio: 0.5, urgent: false, customer: { address: { city: '上海' } }, tags: ['a', 'b'] })
    expect(issues).toEqual([
      { path: 'orderId', reason: 'required' },
      { path: 'note', reason: 'required' },
      { path: 'customer.name', reason: 'required' },
    ])
  })

  it('become nested inputs with rows and parsed JSON', () => {
    const v = initialValues(fields)
    v.orderId = 42
    v.note = 'ship fast'
    v['X-Trace'] = ''
    ;(v.customer as FormObject).name = 'Ann'
    ;(v.customer as FormObject).vip = true
    v.lines = [{ sku: 'A-1', qty: 2 }, emptyRow(fields.find((f) => f.name === 'lines')!)]
    v.extra = '{"k": [1, 2]}'
    const { inputs, issues } = toInputs(fields, v)
    expect(inputs).toEqual({
      orderId: 42,
      page: 1,
      ratio: 0.5,
      urgent: false,
      note: 'ship fast',
      customer: { name: 'Ann', vip: true, address: { city: '上海' } },
      lines: [{ sku: 'A-1', qty: 2 }, { qty: 1 }],
      tags: ['a', 'b'],
      extra: { k: [1, 2] },
    })
    expect(issues).toEqual([{ path: 'lines[1].sku', reason: 'required' }])
  })

  it('report an integer field holding a fraction', () => {
    const v = initialValues(fields)
    v.page = 1.5
    expect(toInputs(fields, v).issues).toContainEqual({ path: 'page', reason: 'integer' })
    expect(toInputs(fields, v).inputs.page).toBeUndefined()
  })

  it('report a JSON box that does not parse', () => {
    const v = initialValues(fields)
    v.tags = '[1, 2'
    expect(toInputs(fields, v).issues).toContainEqual({ path: 'tags', reason: 'json' })
  })

  it('ask for a required group only when it is missing, and for its required children once given', () => {
    const only = buildFields([p({ name: 'o', type: 'object', children: [p({ name: 'a', required: true }), p({ name: 'b' })] })])
    expect(toInputs(only, { o: { a: '', b: '' } }).issues).toEqual([])
    expect(toInputs(only, { o: { a: '', b: 'x' } }).issues).toEqual([{ path: 'o.a', reason: 'required' }])
  })

  it('round-trip through inputs, keeping inputs no field names', () => {
    const given = {
      orderId: 7,
      page: 3,
      note: 'n',
      urgent: true,
      customer: { name: 'Bo', vip: false, address: { city: '北京', zip: '100000' } },
      lines: [{ sku: 'S', qty: 5 }],
      tags: ['x'],
      extra: { deep: { a: null } },
      campaign: 'spring',
    }
    const { values, extras } = fromInputs(fields, given)
    expect(extras).toEqual({ campaign: 'spring' })
    const { inputs } = toInputs(fields, values, extras)
    expect(inputs).toEqual({ ...given, ratio: 0.5 })
  })

  it('convert loose input types the way the backend would read them', () => {
    const { values } = fromInputs(fields, { orderId: '12', urgent: 'true', note: 5, customer: 'not an object' })
    expect(values.orderId).toBe(12)
    expect(values.urgent).toBe(true)
    expect(values.note).toBe('5')
    expect((values.customer as FormObject).name).toBe('')
  })

  it('show an absent input at its default and a null one as empty', () => {
    const { values } = fromInputs(fields, { page: null })
    expect(values.page).toBeNull()
    expect(values.ratio).toBe(0.5)
  })
})

describe('the JSON editor', () => {
  it('reads an object and refuses anything else', () => {
    expect(parseInputsJSON(' {"a": 1} ')).toEqual({ inputs: { a: 1 } })
    expect(parseInputsJSON('')).toEqual({ inputs: {} })
    expect(parseInputsJSON('[1]')).toEqual({ error: 'notObject' })
    expect(parseInputsJSON('{a:1}')).toMatchObject({ error: 'json' })
  })

  it('writes indented JSON that reads back the same', () => {
    const inputs = { a: 1, b: { c: ['x'] }, s: '引号"' }
    expect(parseInputsJSON(inputsJSON(inputs))).toEqual({ inputs })
  })

  it('maps a backend field to the form path', () => {
    expect(issuePath('inputs.lines[1].sku')).toBe('lines[1].sku')
    expect(issuePath('account')).toBe('')
    expect(issuePath(undefined)).toBe('')
  })
})

// A batch API whose body maps the caller's list users (列表映射) into members: each member's
// name from the item's name, its age typed from the item's age, a label from two item fields,
// a nested mapping of the item's phones, and a static role.
const mapped: RequestParam[] = [
  p({ name: 'batch', in: 'query' }),
  p({
    name: 'members',
    in: 'body',
    type: 'array',
    required: true,
    source: { kind: 'map', value: '{{ input.users }}' },
    children: [
      p({ name: 'name', source: { kind: 'template', value: '{{item.name}}' } }),
      p({ name: 'age', type: 'integer', source: { kind: 'template', value: '{{item.age}}' } }),
      p({ name: 'label', source: { kind: 'template', value: '{{item.first}} {{item.last}}' } }),
      p({ name: 'email' }),
      p({
        name: 'phones',
        type: 'array',
        source: { kind: 'map', value: '{{item.phones}}' },
        children: [p({ name: 'no', source: { kind: 'template', value: '{{item.number}}' } })],
      }),
      p({ name: 'role', source: { kind: 'static', value: 'member' } }),
    ],
  }),
]

describe('mapped lists', () => {
  it('gives every list a mapping reads a rows field, with the item fields from its children', () => {
    const fields = buildFields(mapped)
    expect(fields.map((f) => [f.name, f.kind, f.in])).toEqual([
      ['batch', 'text', 'query'],
      ['users', 'rows', 'body'],
    ])
    const users = fields[1]!
    expect(users.mappedBy).toBe('members')
    expect(users.required).toBe(true)
    expect(users.children.map((c) => [c.name, c.kind, c.path])).toEqual([
      ['name', 'text', 'users[].name'],
      ['age', 'integer', 'users[].age'],
      ['first', 'text', 'users[].first'],
      ['last', 'text', 'users[].last'],
      ['email', 'text', 'users[].email'],
      ['phones', 'rows', 'users[].phones'],
    ])
    expect(users.children[5]!.children.map((c) => c.name)).toEqual(['number'])
  })

  it('sends the rows as the list the mapping reads', () => {
    const fields = buildFields(mapped)
    const values = initialValues(fields)
    expect(values.users).toEqual([])
    const row = emptyRow(fields[1]!)
    row.name = 'Ann'
    row.age = 30
    values.users = [row]
    expect(toInputs(fields, values).inputs).toEqual({ users: [{ name: 'Ann', age: 30 }] })
    // Back from the inputs (history, JSON mode) into rows.
    const back = fromInputs(fields, { users: [{ name: 'Bo', phones: [{ number: '1' }] }] })
    expect((back.values.users as FormObject[])[0]!.name).toBe('Bo')
    expect(back.extras).toEqual({})
  })

  it('leaves a list alone that a param already gives, and a mapping of something else', () => {
    const declared = [p({ name: 'users', type: 'array' }), ...mapped]
    expect(buildFields(declared).filter((f) => f.name === 'users')).toHaveLength(1)
    expect(buildFields(declared).find((f) => f.name === 'users')!.mappedBy).toBeUndefined()
    const other = [p({ name: 'm', type: 'array', source: { kind: 'map', value: '{{response.data}}' } })]
    expect(buildFields(other)).toEqual([])
  })
})

describe('skeletonInputs', () => {
  it('has every input with its value, its default or null, a group whole and a list of one item', () => {
    const fields = buildFields([...tree, ...mapped])
    const values = initialValues(fields)
    values.orderId = 7
    const sk = skeletonInputs(fields, values, { campaign: 'x' }, ['trace'])
    expect(Object.keys(sk)).toEqual([...fields.map((f) => f.name), 'trace', 'campaign'])
    expect(sk.orderId).toBe(7)
    expect(sk.page).toBe(1)
    expect(sk['X-Trace']).toBeNull()
    expect(sk.users).toEqual([{ name: null, age: null, first: null, last: null, email: null, phones: [{ number: null }] }])
    expect(sk.trace).toBeNull()
    expect(sk.campaign).toBe('x')
    // A given list is kept as it is.
    values.users = [{ ...emptyRow(fields.find((f) => f.name === 'users')!), name: 'Ann' }]
    expect(skeletonInputs(fields, values).users).toEqual([{ name: 'Ann' }])
  })
})

describe('stray inputs', () => {
  it('are the keys no field and no template reads; none when a template reads input whole', () => {
    const fields = buildFields(mapped)
    const known = templateInputs({ headers: { 'X-Trace': 't-{{ input.trace }}' } }, { path: '/x' })
    expect(known).toEqual({ names: ['trace'], any: false })
    expect(strayKeys({ batch: '1', users: [], trace: 'a', usrs: [], idd: 2 }, fields, known)).toEqual(['usrs', 'idd'])
    expect(strayKeys({ idd: 2 }, fields, templateInputs({ body: '{{input}}' }))).toEqual([])
  })
})
