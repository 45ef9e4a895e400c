import { describe, expect, it } from 'vitest'
import type { ParamRow } from './model'
import { pathVars, syncPathParams } from './pathParams'

const names = (rows: ParamRow[]) => rows.map((r) => r.name)

/** typeOut replays typing a path one character at a time. */
function typeOut(path: string, from: ParamRow[] = [], stash = new Map<string, ParamRow>()) {
  let rows = from
  for (let i = 1; i <= path.length; i++) rows = syncPathParams(path.slice(0, i), rows, stash)
  return rows
}

describe('pathVars', () => {
  it('reads {names} in order, once each, skipping empty ones', () => {
    expect(pathVars('/users/{id}/orders/{orderId}')).toEqual(['id', 'orderId'])
    expect(pathVars('/a/{id}/b/{id}/{}')).toEqual(['id'])
    expect(pathVars('/a/{id/b}')).toEqual([])
  })
})

describe('syncPathParams', () => {
  it('creates required string input params as the path is typed', () => {
    const rows = typeOut('/users/{id}/orders/{orderId}')
    expect(names(rows)).toEqual(['id', 'orderId'])
    for (const r of rows) {
      expect(r).toMatchObject({ type: 'string', required: true, source: { kind: 'input', value: '' } })
    }
  })

  it('removes the param whose {name} leaves the path and keeps the others as edited', () => {
    let rows = syncPathParams('/users/{id}/orders/{orderId}', [])
    rows[1]!.description = 'the order'
    rows[1]!.type = 'integer'
    const kept = rows[1]
    rows = syncPathParams('/users/orders/{orderId}', rows)
    expect(names(rows)).toEqual(['orderId'])
    expect(rows[0]).toBe(kept)
    expect(rows[0]).toMatchObject({ description: 'the order', type: 'integer' })
  })

  it('returns the same list when nothing changed', () => {
    const rows = syncPathParams('/a/{x}', [])
    expect(syncPathParams('/a/{x}/b', rows)).toBe(rows)
  })

  it('renames a param whose name is typed over in place, keeping its edits', () => {
    let rows = typeOut('/users/{id}')
    rows[0]!.description = 'who'
    const id = rows[0]!.id
    // Backspace twice, then type the new name inside the braces.
    for (const p of ['/users/{i}', '/users/{}', '/users/{u}', '/users/{us}', '/users/{userId}']) {
      rows = syncPathParams(p, rows)
    }
    expect(names(rows)).toEqual(['userId'])
    expect(rows[0]!.id).toBe(id)
    expect(rows[0]!.description).toBe('who')
  })

  it('holds an unnamed row for an empty {} while its name is typed', () => {
    const rows = typeOut('/users/{}')
    expect(names(rows)).toEqual([''])
    expect(names(syncPathParams('/users/{x}', rows))).toEqual(['x'])
  })

  it('brings a param back with its edits when its brace returns', () => {
    const stash = new Map<string, ParamRow>()
    let rows = syncPathParams('/users/{id}/x/{k}', [], stash)
    rows[0]!.description = 'kept'
    rows = syncPathParams('/users/{id/x/{k}', rows, stash)
    expect(names(rows)).toEqual(['k'])
    rows = syncPathParams('/users/{id}/x/{k}', rows, stash)
    expect(names(rows)).toEqual(['id', 'k'])
    expect(rows[0]!.description).toBe('kept')
  })

  it('follows the path order when placeholders move', () => {
    const rows = syncPathParams('/{a}/{b}', [])
    expect(names(syncPathParams('/{b}/{a}', rows))).toEqual(['b', 'a'])
  })
})
