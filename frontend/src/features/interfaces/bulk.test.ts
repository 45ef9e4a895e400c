import { describe, expect, it } from 'vitest'
import {
  bodyRowsFromSample,
  countParams,
  mergeBodyRows,
  mergeKeyValues,
  nameKey,
  nullOnlyKeys,
  parseKeyValueLines,
  withTypes,
} from './bulk'
import { newParamRow } from './model'

const pairs = (r: ReturnType<typeof parseKeyValueLines>) => r.items.map((i) => [i.name, i.value])

describe('parseKeyValueLines', () => {
  it('reads key: value, key=value and tab-separated lines', () => {
    const r = parseKeyValueLines('page: 1\nsize=20\r\nsort\tname desc\n\n  flag  \n', 'query')
    expect(pairs(r)).toEqual([
      ['page', '1'],
      ['size', '20'],
      ['sort', 'name desc'],
      ['flag', ''],
    ])
    expect(r.items.map((i) => i.line)).toEqual([1, 2, 3, 5])
  })

  it('splits at the first separator, so values keep their own', () => {
    const r = parseKeyValueLines('Authorization: Bearer a=b:c\nReferer: https://x.test/?a=1&b=2', 'header')
    expect(pairs(r)).toEqual([
      ['Authorization', 'Bearer a=b:c'],
      ['Referer', 'https://x.test/?a=1&b=2'],
    ])
  })

  it('reads a query string or a URL as one param per pair, percent-decoded', () => {
    expect(pairs(parseKeyValueLines('https://api.test/users?page=2&q=%E4%B8%AD+%E6%96%87&debug#top', 'query'))).toEqual([
      ['page', '2'],
      ['q', '中 文'],
      ['debug', ''],
    ])
    expect(pairs(parseKeyValueLines('a=1&b=x%20y', 'query'))).toEqual([
      ['a', '1'],
      ['b', 'x y'],
    ])
  })

  it('skips what devtools copies besides headers, and repeated or bad names', () => {
    const text = ['GET /users HTTP/1.1', ':authority: api.test', 'Accept: */*', 'accept: text/html', 'Bad Name: x', 'X-Id\t7'].join('\n')
    const r = parseKeyValueLines(text, 'header')
    expect(pairs(r)).toEqual([
      ['Accept', '*/*'],
      ['X-Id', '7'],
    ])
    expect(r.skipped.map((s) => [s.line, s.reason])).toEqual([
      [1, 'requestLine'],
      [2, 'pseudo'],
      [4, 'duplicate'],
      [5, 'badName'],
    ])
  })

  it('tells query names apart by case, headers not', () => {
    expect(pairs(parseKeyValueLines('id=1\nID=2', 'query'))).toEqual([
      ['id', '1'],
      ['ID', '2'],
    ])
  })
})

describe('mergeKeyValues', () => {
  const items = parseKeyValueLines('content-type: application/json\nX-Trace: 1', 'header').items

  it('keeps the rows there and adds the new names, the value as default', () => {
    const had = newParamRow({ name: 'Content-Type', defaultText: 'text/plain', description: 'mine' })
    const { rows, added } = mergeKeyValues([had], items, 'header', 'merge')
    expect(rows.map((r) => [r.name, r.defaultText])).toEqual([
      ['Content-Type', 'text/plain'],
      ['X-Trace', '1'],
    ])
    expect(rows[0]).toBe(had)
    expect([...added]).toEqual([rows[1]!.id])
    expect(rows[1]!.source.kind).toBe('input')
  })

  it('replacing leaves only the pasted params', () => {
    const { rows, added } = mergeKeyValues([newParamRow({ name: 'Old' })], items, 'header', 'replace')
    expect(rows.map((r) => r.name)).toEqual(['content-type', 'X-Trace'])
    expect(added.size).toBe(2)
  })
})

describe('nullOnlyKeys', () => {
  it('names the keys that are null in every sighting, nested and in array elements', () => {
    const sample = JSON.stringify({
      a: null,
      b: 1,
      o: { c: null, d: 'x' },
      list: [{ e: null, f: null }, { e: 3 }],
      grid: [[{ g: null }]],
    })
    const keys = nullOnlyKeys(sample)
    expect([...keys].sort()).toEqual([nameKey('', 'a'), nameKey('o', 'c'), nameKey('list', 'f'), nameKey(nameKey('grid', 'items'), 'g')].sort())
  })

  it('reads a top-level array as "items", and nothing from malformed text', () => {
    expect([...nullOnlyKeys('[{"x": null}]')]).toEqual([nameKey('items', 'x')])
    expect(nullOnlyKeys('{"a": ').size).toBe(0)
  })
})

describe('body rows from a sample', () => {
  const inferred = [
    { name: 'name', type: 'string', path: 'name' },
    { name: 'manager', type: 'string', path: 'manager' },
    { name: 'dept', type: 'object', path: 'dept', children: [{ name: 'id', type: 'integer', path: 'id' }] },
  ]

  it('uses the types chosen for null params, in the sample order', () => {
    const rows = bodyRowsFromSample(withTypes(inferred, new Map([[nameKey('', 'manager'), 'object']])))
    expect(rows.map((r) => [r.name, r.type])).toEqual([
      ['name', 'string'],
      ['manager', 'object'],
      ['dept', 'object'],
    ])
    expect(rows[2]!.children.map((c) => [c.name, c.type])).toEqual([['id', 'integer']])
  })

  it('merges into the body there: kept params keep their settings and gain new children', () => {
    const dept = newParamRow({ name: 'dept', type: 'object', required: true, children: [newParamRow({ name: 'code' })] })
    const name = newParamRow({ name: 'name', type: 'string', source: { kind: 'static', value: 'Ann' } })
    const { rows, added } = mergeBodyRows([dept, name], bodyRowsFromSample(inferred))
    expect(rows.map((r) => r.name)).toEqual(['dept', 'name', 'manager'])
    expect(rows[0]!.required).toBe(true)
    expect(rows[0]!.children.map((c) => c.name)).toEqual(['code', 'id'])
    expect(rows[1]).toBe(name)
    expect(added.size).toBe(2) // manager, dept.id
    expect(dept.children).toHaveLength(1) // the draft's row is not changed before apply
  })

  it('gives a param kept as a scalar no children', () => {
    const { rows, added } = mergeBodyRows([newParamRow({ name: 'dept', type: 'string' })], bodyRowsFromSample(inferred))
    expect(rows[0]!.children).toEqual([])
    expect(added.size).toBe(2) // name, manager
  })
})

describe('countParams', () => {
  it('counts nested params too', () => {
    expect(countParams(bodyRowsFromSample([{ name: 'a', type: 'object', path: 'a', children: [{ name: 'b', type: 'string', path: 'b' }] }]))).toBe(2)
    expect(countParams([])).toBe(0)
  })
})
