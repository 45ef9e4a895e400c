import { describe, expect, it } from 'vitest'
import en from './en.json'
import zhCN from './zh-CN.json'

type Tree = { [key: string]: string | Tree }

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${k}` : k
    if (typeof v === 'string') {
      out.set(path, v)
    } else {
      for (const [p, s] of leaves(v, path)) out.set(p, s)
    }
  }
  return out
}

// As a set: the forms of an English plural ("1 entry | {n} entries") repeat a placeholder Chinese has once.
const placeholders = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort()

describe('locale files', () => {
  const zh = leaves(zhCN)
  const eng = leaves(en)

  it('have the same keys', () => {
    expect([...eng.keys()].sort()).toEqual([...zh.keys()].sort())
  })

  it('have no empty message', () => {
    for (const [key, text] of [...zh, ...eng]) {
      expect(text.trim(), key).not.toBe('')
    }
  })

  it('use the same placeholders for each key', () => {
    for (const [key, text] of zh) {
      expect(placeholders(eng.get(key) ?? ''), key).toEqual(placeholders(text))
    }
  })

  it('use the connector-centre terms in Chinese', () => {
    const all = [...zh.values()].join('\n')
    for (const term of ['连接器', '连接信息', '接口', '成功条件', '封存', '解封', '动作流', '认证方式', '字符集', '超时']) {
      expect(all, term).toContain(term)
    }
  })
})
