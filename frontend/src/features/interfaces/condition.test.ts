import { describe, expect, it } from 'vitest'
import type { Condition } from '@/api/interfaces'
import { fromCondTree, newGroup, newRule, readValue, toCondTree, writeValue, type CondGroup } from './condition'

describe('condition builder ↔ domain condition', () => {
  const nested: Condition = {
    all: [
      { field: 'status', op: 'in', value: [200, 201] },
      {
        any: [
          { field: 'outputs.code', op: 'eq', value: 0 },
          { field: 'response.msg', op: 'matches', value: '^ok' },
          { field: 'headers.X-Result', op: 'notEmpty' },
          { field: 'request.shop', op: 'ne', value: 'closed' },
          { all: [{ field: 'response.data.total', op: 'gt', value: 2.5 }, { field: 'response.flag', op: 'eq', value: true }] },
        ],
      },
      { field: 'response.code', op: 'eq', value: '200' },
      { field: 'response.tags', op: 'contains', value: '200' },
    ],
  }

  it('round-trips a nested condition', () => {
    expect(fromCondTree(toCondTree(nested))).toEqual(nested)
  })

  it('round-trips an any group at the top', () => {
    const c: Condition = { any: [{ field: 'status', op: 'eq', value: 200 }, { field: 'status', op: 'eq', value: 204 }] }
    expect(fromCondTree(toCondTree(c))).toEqual(c)
  })

  it('holds values as text and lists for in', () => {
    const root = toCondTree(nested)
    const status = root.items[0]!
    expect(status).toMatchObject({ kind: 'rule', field: 'status', op: 'in', list: ['200', '201'] })
    const code = root.items[2]!
    // Text that reads as a number keeps its quotes, so it stays text.
    expect(code).toMatchObject({ value: '"200"' })
    const group = root.items[1] as CondGroup
    expect(group).toMatchObject({ kind: 'group', mode: 'any' })
    expect(group.items[1]).toMatchObject({ op: 'matches', value: '^ok' })
  })

  it('puts a single top-level rule in an all group', () => {
    expect(fromCondTree(toCondTree({ field: 'status', op: 'eq', value: 200 }))).toEqual({
      all: [{ field: 'status', op: 'eq', value: 200 }],
    })
  })

  it('builds no condition from an empty builder, so the backend asks for one', () => {
    expect(fromCondTree(toCondTree(undefined))).toEqual({})
    expect(fromCondTree(toCondTree({}))).toEqual({})
  })

  it('types the values typed into rules by op', () => {
    const root = newGroup('all', [
      newRule({ field: 'status', op: 'eq', value: '200' }),
      newRule({ field: 'response.n', op: 'ge', value: ' 1.5 ' }),
      newRule({ field: 'response.msg', op: 'contains', value: '404' }),
      newRule({ field: 'response.id', op: 'empty', value: 'ignored' }),
      newRule({ field: 'response.state', op: 'in', list: ['done', '3', '"3"'] }),
      newRule({ field: 'response.name', op: 'eq', value: 'alice' }),
      newGroup('any', []),
    ])
    expect(fromCondTree(root)).toEqual({
      all: [
        { field: 'status', op: 'eq', value: 200 },
        { field: 'response.n', op: 'ge', value: 1.5 },
        { field: 'response.msg', op: 'contains', value: '404' },
        { field: 'response.id', op: 'empty' },
        { field: 'response.state', op: 'in', value: ['done', 3, '3'] },
        { field: 'response.name', op: 'eq', value: 'alice' },
        { any: [] },
      ],
    })
  })

  it.each([[200], ['200'], [true], ['true'], [null], ['a "b"'], [''], [-0.5], ['12345678901234567890']])(
    'reads back what it writes: %j',
    (v) => {
      expect(readValue(writeValue(v))).toEqual(v)
    },
  )
})
