import { describe, expect, it } from 'vitest'
import {
  HIGHLIGHT_LIMIT,
  PREVIEW_CHARS,
  ROW_CHARS,
  WORKER_MIN,
  bodyKind,
  formatBytes,
  planBody,
  prettyJSON,
  previewCut,
  textRows,
  utf8Length,
} from './body'
import { formatSync } from './formatter'

const rowsText = (text: string, end?: number, width?: number) => {
  const r = textRows(text, end, width)
  return Array.from({ length: r.count }, (_, i) => [r.line[i], text.slice(r.starts[i], r.ends[i])])
}

describe('bodyKind', () => {
  it('trusts Content-Type, then the first character', () => {
    expect(bodyKind('application/json; charset=UTF-8', '')).toBe('json')
    expect(bodyKind('application/problem+json', '')).toBe('json')
    expect(bodyKind('text/xml; charset=GBK', '')).toBe('xml')
    expect(bodyKind('text/html', '')).toBe('html')
    expect(bodyKind('text/plain', '  {"a":1}')).toBe('json')
    expect(bodyKind('', '<!DOCTYPE html><html>')).toBe('html')
    expect(bodyKind('', '<?xml version="1.0"?><a/>')).toBe('xml')
    expect(bodyKind('text/plain', '中文 GBK')).toBe('text')
  })
})

describe('planBody (the big-body threshold)', () => {
  const json = (n: number) => '[' + '"x",'.repeat(Math.max(0, Math.floor((n - 5) / 4))) + '"x"]'

  it('highlights a small body whole on the main thread', () => {
    const plan = planBody('{"code":0}', 'application/json')
    expect(plan).toEqual({ kind: 'json', big: false, highlight: true, inWorker: false, previewEnd: 10 })
  })

  it('formats a medium JSON body in the worker, still highlighted', () => {
    const text = json(WORKER_MIN + 100)
    const plan = planBody(text, 'application/json')
    expect(plan.big).toBe(false)
    expect(plan.highlight).toBe(true)
    expect(plan.inWorker).toBe(true)
  })

  it('switches highlighting off and previews above the limit', () => {
    const exactly = 'a'.repeat(HIGHLIGHT_LIMIT)
    expect(planBody(exactly, 'text/plain').big).toBe(false)
    const text = json(HIGHLIGHT_LIMIT + 1)
    const plan = planBody(text + ' ', 'application/json')
    expect(plan.big).toBe(true)
    expect(plan.highlight).toBe(false)
    expect(plan.inWorker).toBe(true)
    expect(plan.previewEnd).toBe(PREVIEW_CHARS)
  })

  it('never highlights plain text', () => {
    expect(planBody('hello', 'text/plain').highlight).toBe(false)
  })

  it('ends a preview at a line end near the limit', () => {
    const lines = 'x'.repeat(99) + '\n'
    const text = lines.repeat(30)
    expect(previewCut(text, 1050)).toBe(1000)
    expect(previewCut('y'.repeat(3000), 1050)).toBe(1050)
    expect(previewCut('short', 1050)).toBe(5)
  })
})

describe('prettyJSON', () => {
  it('indents by two spaces, keeping literals exactly as they came', () => {
    const text = '{"id":12345678901234567890,"price":1.50,"s":"a,b:{c}\\"[d]\\u4e2d","e":[],"o":{ },"n":[1,true,null]}'
    expect(prettyJSON(text)).toBe(
      [
        '{',
        '  "id": 12345678901234567890,',
        '  "price": 1.50,',
        '  "s": "a,b:{c}\\"[d]\\u4e2d",',
        '  "e": [],',
        '  "o": {},',
        '  "n": [',
        '    1,',
        '    true,',
        '    null',
        '  ]',
        '}',
      ].join('\n'),
    )
  })

  it('re-indents JSON that came indented another way', () => {
    expect(prettyJSON('{\r\n\t"a" :  1 }')).toBe('{\n  "a": 1\n}')
  })

  it('refuses text that is not JSON', () => {
    expect(prettyJSON('{"a":')).toBeNull()
    expect(prettyJSON('<a/>')).toBeNull()
  })

  it('formats a big body in linear time', () => {
    const big = JSON.stringify(Array.from({ length: 40_000 }, (_, i) => ({ id: i, name: `name ${i}`, tags: ['a', 'b'] })))
    const started = performance.now()
    const out = prettyJSON(big)!
    expect(performance.now() - started).toBeLessThan(2000)
    expect(JSON.parse(out)).toEqual(JSON.parse(big))
  })
})

describe('formatSync', () => {
  it('highlights small JSON and leaves invalid JSON as it came', () => {
    const ok = formatSync('{"a":1}', planBody('{"a":1}', 'application/json'))
    expect(ok.pretty).toBe('{\n  "a": 1\n}')
    expect(ok.html).toContain('hljs-attr')
    const bad = formatSync('{"a":', planBody('{"a":', 'application/json'))
    expect(bad.pretty).toBeNull()
    expect(bad.html).toBeNull()
  })

  it('escapes markup in what it highlights', () => {
    const out = formatSync('<a href="x">&</a>', planBody('<a href="x">&</a>', 'text/xml'))
    expect(out.html).not.toContain('<a href')
    expect(out.html).toContain('&amp;')
  })
})

describe('textRows', () => {
  it('numbers lines and drops the line ends', () => {
    expect(rowsText('a\r\nbb\n\nccc')).toEqual([
      [1, 'a'],
      [2, 'bb'],
      [3, ''],
      [4, 'ccc'],
    ])
    expect(rowsText('a\n')).toEqual([[1, 'a']])
    expect(rowsText('')).toEqual([[1, '']])
  })

  it('cuts a long line into continuation rows', () => {
    expect(rowsText('abcdefg\nhi', undefined, 3)).toEqual([
      [1, 'abc'],
      [0, 'def'],
      [0, 'g'],
      [2, 'hi'],
    ])
  })

  it('stops at the given end', () => {
    expect(rowsText('one\ntwo\nthree', 7)).toEqual([
      [1, 'one'],
      [2, 'two'],
    ])
  })

  it('copes with a 10 MiB single-line body quickly', () => {
    const text = 'x'.repeat(10 * 1024 * 1024)
    const started = performance.now()
    const r = textRows(text)
    expect(performance.now() - started).toBeLessThan(1500)
    expect(r.count).toBe(Math.ceil(text.length / ROW_CHARS))
  })
})

describe('sizes', () => {
  it('formats bytes', () => {
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(12.3 * 1024)).toBe('12.3 KB')
    expect(formatBytes(10 * 1024 * 1024)).toBe('10.0 MB')
  })

  it('counts UTF-8 bytes', () => {
    expect(utf8Length('aé中😀')).toBe(1 + 2 + 3 + 4)
  })
})
