import { describe, expect, it } from 'vitest'
import { byText, byTime, sortRows } from './sort'

describe('sortRows', () => {
  const rows = [
    { name: '钉钉开放平台', at: '2026-11-20T08:00:00Z' },
    { name: 'API v10', at: '2026-11-23T08:00:00Z' },
    { name: '北森 HR', at: '2026-11-21T08:00:00Z' },
    { name: 'API v2', at: '2026-11-22T08:00:00Z' },
  ]
  it('orders names as a reader expects: Chinese by pinyin, numbers by value', () => {
    const text = byText('zh-CN')
    const asc = sortRows(rows, (a, b) => text(a.name, b.name), 'ascend').map((r) => r.name)
    // ICU's Chinese collation puts Han before Latin.
    expect(asc).toEqual(['北森 HR', '钉钉开放平台', 'API v2', 'API v10'])
    expect(sortRows(rows, (a, b) => text(a.name, b.name), 'descend').map((r) => r.name)).toEqual([...asc].reverse())
  })
  it('orders by time, and leaves the rows alone when unsorted', () => {
    expect(sortRows(rows, (a, b) => byTime(a.at, b.at), 'descend').map((r) => r.at.slice(8, 10))).toEqual(['23', '22', '21', '20'])
    expect(sortRows(rows, (a, b) => byTime(a.at, b.at), false)).toBe(rows)
  })
})
