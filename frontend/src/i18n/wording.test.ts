// Wording rules of issue 8: one quote style for names in Chinese (「」), one
// phrasing of "cannot be undone", toasts that name the object type, and
// English plurals by vue-i18n plural forms instead of "(s)".
import { describe, expect, it } from 'vitest'
import en from './en.json'
import zhCN from './zh-CN.json'
import { createAppI18n } from '.'

type Tree = { [key: string]: string | Tree }

function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) => {
    const path = prefix ? `${prefix}.${k}` : k
    return typeof v === 'string' ? [[path, v] as [string, string]] : leaves(v, path)
  })
}

describe('zh-CN wording', () => {
  const zh = leaves(zhCN as Tree)

  it('quotes names and terms with 「」 only', () => {
    const bad = zh.filter(([, v]) => /[“”‘’『』]/.test(v)).map(([k, v]) => `${k}: ${v}`)
    expect(bad).toEqual([])
    // ASCII quotes only inside JSON examples (written with {'{'} escapes), never around a name.
    const ascii = zh.filter(([, v]) => /"[^"]*(\p{Script=Han}|\{\w+\})[^"]*"/u.test(v) && !v.includes("{'{'}"))
    expect(ascii.map(([k, v]) => `${k}: ${v}`)).toEqual([])
  })

  it('says "cannot be undone" one way: 此操作无法撤销', () => {
    const variants = zh.filter(([, v]) => /不能撤销|不可撤销|无法恢复|不可恢复|不能恢复/.test(v))
    expect(variants.map(([k, v]) => `${k}: ${v}`)).toEqual([])
    for (const key of ['connection.delete.confirm', 'connectors.delete.confirm', 'iface.delete.confirm', 'connection.accounts.deleteConfirm']) {
      expect(zh.find(([k]) => k === key)?.[1], key).toContain('此操作无法撤销')
    }
  })

  it('toasts name the object type', () => {
    const t = createAppI18n('zh-CN').global.t
    expect(t('connection.delete.done', { name: '生产' })).toBe('已删除连接信息「生产」')
    expect(t('connectors.delete.done', { name: 'CRM' })).toBe('已删除连接器「CRM」')
    expect(t('connection.seal.done', { name: '生产' })).toBe('已封存连接信息「生产」')
    expect(t('connectors.seal.done', { name: 'CRM' })).toBe('已封存连接器「CRM」')
    expect(t('iface.delete.done', { name: '查询用户' })).toBe('已删除接口「查询用户」')
  })
})

describe('English plurals', () => {
  it('has no "(s)" left: counts use plural forms', () => {
    const bad = leaves(en as Tree).filter(([, v]) => /\w\(s\)/.test(v))
    expect(bad.map(([k, v]) => `${k}: ${v}`)).toEqual([])
  })

  it('picks the form by the count', () => {
    const t = createAppI18n('en').global.t
    expect(t('audit.total', { n: 1 })).toBe('1 entry')
    expect(t('audit.total', { n: 2 })).toBe('2 entries')
    expect(t('users.total', { n: 1 })).toBe('1 profile')
    expect(t('connection.delete.blocked', { n: 1 })).toMatch(/^Used by an interface,/)
    expect(t('connection.delete.blocked', { n: 3 })).toMatch(/^Used by 3 interfaces,/)
    expect(t('connection.delete.confirm', { name: 'Prod', key: 'prod', n: 0 })).not.toContain('auth account')
    expect(t('connection.delete.confirm', { name: 'Prod', key: 'prod', n: 1 })).toContain('with its auth account?')
    expect(t('connection.delete.confirm', { name: 'Prod', key: 'prod', n: 2 })).toContain('with its 2 auth accounts?')
    expect(t('console.history.count', { n: 1 })).toBe('Last call')
    expect(t('console.history.count', { n: 20 })).toBe('Last 20 calls')
    const zh = createAppI18n('zh-CN').global.t
    expect(zh('connection.delete.confirm', { name: '生产', key: 'prod', n: 0 })).not.toContain('认证账号')
    expect(zh('connection.delete.confirm', { name: '生产', key: 'prod', n: 3 })).toContain('及其 3 个认证账号')
  })
})
