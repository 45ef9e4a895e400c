import { describe, expect, it } from 'vitest'
import type { RequestParam, ResponseParam } from '@/api/interfaces'
import {
  defaultFromText,
  defaultToText,
  newParamRow,
  responsePaths,
  toRequestParams,
  toRequestRows,
  toRespRows,
  toResponseParams,
} from './model'

// A request list as the backend stores it: grouped path, query, header, body,
// "in" on top-level params only, value left out of input sources.
const request: RequestParam[] = [
  { name: 'shop', in: 'path', type: 'string', required: true, source: { kind: 'input' }, description: '' },
  { name: 'page', in: 'query', type: 'integer', required: false, source: { kind: 'input' }, default: 1, description: 'page number' },
  { name: 'lang', in: 'query', type: 'string', required: false, source: { kind: 'static', value: 'zh_CN' }, description: '' },
  { name: 'X-User', in: 'header', type: 'string', required: false, source: { kind: 'system', value: 'userId' }, description: '' },
  {
    name: 'order',
    in: 'body',
    type: 'object',
    required: true,
    source: { kind: 'input' },
    description: 'the order',
    children: [
      { name: 'note', type: 'string', required: false, source: { kind: 'template', value: 'by {{system.userName}}' }, description: '' },
      { name: 'flags', type: 'array', required: false, source: { kind: 'input' }, default: ['a', 1], description: '' },
      {
        name: 'lines',
        type: 'array',
        required: false,
        source: { kind: 'map', value: '{{input.items}}' },
        description: '',
        children: [
          { name: 'sku', type: 'string', required: true, source: { kind: 'template', value: '{{item.sku}}' }, description: '' },
          { name: 'qty', type: 'integer', required: false, source: { kind: 'input' }, default: '7', description: '' },
        ],
      },
    ],
  },
]

describe('request params ↔ rows', () => {
  it('splits by location and keeps the tree', () => {
    const rows = toRequestRows(request)
    expect(rows.path.map((r) => r.name)).toEqual(['shop'])
    expect(rows.query.map((r) => r.name)).toEqual(['page', 'lang'])
    expect(rows.header.map((r) => r.name)).toEqual(['X-User'])
    expect(rows.body[0]!.children.map((r) => r.name)).toEqual(['note', 'flags', 'lines'])
    expect(rows.body[0]!.children[2]!.source).toEqual({ kind: 'map', value: '{{input.items}}' })
    expect(rows.query[0]!.defaultText).toBe('1')
    expect(rows.body[0]!.children[1]!.defaultText).toBe('["a",1]')
    // A numeric string default of an integer param stays a string, so it is quoted.
    expect(rows.body[0]!.children[2]!.children[1]!.defaultText).toBe('"7"')
  })

  it('round-trips the whole definition, children and map sources included', () => {
    const { params, origin } = toRequestParams(toRequestRows(request))
    expect(params).toEqual(request)
    expect(origin.map((o) => o.in)).toEqual(['path', 'query', 'query', 'header', 'body'])
  })

  it('writes rows edited in the editor as the backend reads them', () => {
    const rows = toRequestRows([])
    const obj = newParamRow({ name: ' user ', type: 'object' })
    obj.children.push(newParamRow({ name: 'age', type: 'integer', defaultText: '30' }))
    obj.children.push(newParamRow({ name: 'tag', source: { kind: 'static', value: 'vip' }, defaultText: 'ignored' }))
    rows.body.push(obj)
    rows.query.push(newParamRow({ name: 'q', source: { kind: 'input', value: 'left over' } }))
    const { params } = toRequestParams(rows)
    expect(params).toEqual([
      { name: 'q', in: 'query', type: 'string', required: false, source: { kind: 'input' }, description: '' },
      {
        name: 'user',
        in: 'body',
        type: 'object',
        required: false,
        source: { kind: 'input' },
        description: '',
        children: [
          { name: 'age', type: 'integer', required: false, source: { kind: 'input' }, default: 30, description: '' },
          { name: 'tag', type: 'string', required: false, source: { kind: 'static', value: 'vip' }, description: '' },
        ],
      },
    ])
  })
})

describe('defaults', () => {
  it.each([
    ['string', 'abc', 'abc'],
    ['string', '12', '12'],
    ['integer', '12', 12],
    ['number', '-1.5', -1.5],
    ['boolean', 'true', true],
    ['object', '{"a":1}', { a: 1 }],
    ['array', '[1,2]', [1, 2]],
    ['integer', 'abc', 'abc'],
    ['integer', '"12"', '12'],
  ])('%s %s', (type, text, value) => {
    expect(defaultFromText(text, type)).toEqual(value)
    expect(defaultFromText(defaultToText(value, type), type)).toEqual(value)
  })
  it('has none for empty text', () => {
    expect(defaultFromText('', 'string')).toBeUndefined()
    expect(defaultToText(undefined, 'integer')).toBe('')
  })
})

describe('response params ↔ rows', () => {
  const response: ResponseParam[] = [
    { name: 'code', type: 'integer', path: 'code' },
    { name: 'msg', type: 'string', path: 'msg', description: 'the message' },
    {
      name: 'order',
      type: 'object',
      path: 'data',
      children: [
        { name: 'id', type: 'string', path: 'id' },
        { name: 'lines', type: 'array', path: 'lines', children: [{ name: 'sku', type: 'string', path: 'sku' }] },
      ],
    },
  ]

  it('round-trips', () => {
    expect(toResponseParams(toRespRows(response))).toEqual(response)
  })

  it('lists the paths a condition can read', () => {
    const paths = responsePaths(toRespRows(response)).map((p) => [p.path, p.output])
    expect(paths).toEqual([
      ['code', 'code'],
      ['msg', 'msg'],
      ['data', 'order'],
      ['data.id', 'order.id'],
      ['data.lines', 'order.lines'],
      ['data.lines.#', 'order.lines.#'],
      ['data.lines.0.sku', 'order.lines.0.sku'],
    ])
  })

  it('reads a top-level array sample from @this', () => {
    const rows = toRespRows([{ name: 'items', type: 'array', path: '@this', children: [{ name: 'id', type: 'integer', path: 'id' }] }])
    expect(responsePaths(rows).map((p) => p.path)).toEqual(['@this', '#', '0.id'])
  })
})
