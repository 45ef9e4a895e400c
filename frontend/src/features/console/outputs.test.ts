import { describe, expect, it } from 'vitest'
import { outputRows } from './outputs'

describe('outputRows', () => {
  const declared = [
    { name: 'code', path: 'code', type: 'integer' },
    { name: 'user', path: 'data.user', type: 'object', children: [
      { name: 'name', path: 'name', type: 'string' },
      { name: 'age', path: 'age', type: 'integer' },
    ] },
    { name: 'tags', path: 'data.tags', type: 'array', children: [{ name: 'id', path: 'id', type: 'integer' }] },
  ]

  it('shows outputs in the declared order with the declared types', () => {
    // As the backend sends them: sorted by name.
    const rows = outputRows({ code: 0, extra: 'x', tags: [{ id: 7 }], user: { age: 30, name: 'Li' } }, declared)
    expect(rows.map((r) => [r.name, r.type])).toEqual([
      ['code', 'integer'],
      ['user', 'object'],
      ['tags', 'array'],
      ['extra', 'string'],
    ])
    expect(rows[1].children?.map((r) => [r.name, r.type])).toEqual([
      ['name', 'string'],
      ['age', 'integer'],
    ])
    expect(rows[2].children?.[0].children?.map((r) => [r.name, r.type])).toEqual([['id', 'integer']])
  })

  it('keeps null as null and the JSON types without a declaration', () => {
    const rows = outputRows({ code: null, n: 1.5 }, declared)
    expect(rows.map((r) => [r.name, r.type])).toEqual([
      ['code', 'null'],
      ['n', 'number'],
    ])
  })
})
