import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { createI18n } from 'vue-i18n'
import en from '@/i18n/en.json'
import zhCN from '@/i18n/zh-CN.json'
import AuditDetails from './AuditDetails.vue'
import { cell, fieldLabel, hasSecret, paramNames, parseDetails, pathSegments } from './diff'

const update = JSON.stringify({
  changes: {
    'request[10].name': { before: 'b', after: 'c' },
    'request[2].name': { before: 'x', after: null },
    'auth.basic.password': { before: '[redacted]', after: '[redacted]' },
    'tls.skipVerify': { before: false, after: true },
    tags: { before: null, after: ['hr', 'sap'] },
    name: { after: 'New' },
  },
  verdict: 'ok',
})

describe('parseDetails', () => {
  it('turns the changes into rows in natural path order', () => {
    const p = parseDetails(update)
    expect(p.rows.map((r) => r.field)).toEqual([
      'auth.basic.password',
      'name',
      'request[2].name',
      'request[10].name',
      'tags',
      'tls.skipVerify',
    ])
    expect(p.unreadable).toBe('')
  })

  it('marks redacted values and absent sides', () => {
    const p = parseDetails(update)
    const row = (f: string) => p.rows.find((r) => r.field === f)!
    expect(row('auth.basic.password')).toEqual({
      field: 'auth.basic.password',
      before: { kind: 'redacted' },
      after: { kind: 'redacted' },
    })
    expect(row('request[2].name').after).toEqual({ kind: 'absent' })
    expect(row('name').before).toEqual({ kind: 'absent' })
    expect(row('tls.skipVerify').after).toEqual({ kind: 'value', text: 'true', block: false })
    expect(row('tags').after).toEqual({ kind: 'value', text: '["hr", "sap"]', block: false })
    expect(hasSecret(p)).toBe(true)
  })

  it('keeps the other keys as extra rows', () => {
    expect(parseDetails(update).extra).toEqual([{ key: 'verdict', value: { kind: 'value', text: 'ok', block: false } }])
  })

  it('never throws on empty or foreign details', () => {
    expect(parseDetails('')).toEqual({ rows: [], extra: [], unreadable: '' })
    expect(parseDetails(null)).toEqual({ rows: [], extra: [], unreadable: '' })
    expect(parseDetails('not json').unreadable).toBe('not json')
    expect(parseDetails('[1,2]').unreadable).toBe('[1,2]')
    expect(parseDetails('{"changes":{"a":7}}').rows).toEqual([
      { field: 'a', before: { kind: 'absent' }, after: { kind: 'value', text: '7', block: false } },
    ])
  })

  it('renders a redacted value only when it is the whole value', () => {
    expect(cell('[redacted]')).toEqual({ kind: 'redacted' })
    expect(cell('my [redacted] note').kind).toBe('value')
    expect(cell(0)).toEqual({ kind: 'value', text: '0', block: false })
    expect(cell('')).toEqual({ kind: 'value', text: '', block: false })
    expect(cell({ user: 'a', level: 'view' })).toEqual({ kind: 'value', text: '{\n  "user": "a",\n  "level": "view"\n}', block: true })
    expect(cell([{ a: 1 }]).kind === 'value' && (cell([{ a: 1 }]) as { block: boolean }).block).toBe(true)
  })
})

describe('AuditDetails', () => {
  const i18n = (locale: 'zh-CN' | 'en') => createI18n({ legacy: false, locale, messages: { 'zh-CN': zhCN, en } })

  it('shows field, before and after, with a lock badge for a redacted value', () => {
    const w = mount(AuditDetails, { props: { details: update }, global: { plugins: [i18n('zh-CN')] } })
    const rows = w.findAll('[data-test="diff-row"]')
    expect(rows).toHaveLength(6)
    const secret = rows[0]!
    // The label in the cell, the stored path in its tooltip.
    const field = secret.find('[data-test="diff-field"]')
    expect(field.text()).toBe('认证 › basic › 密码')
    expect(field.attributes('title')).toBe('auth.basic.password')
    expect(secret.findAll('[data-test="redacted"]')).toHaveLength(2)
    expect(secret.text()).toContain(zhCN.audit.diff.redacted)
    expect(secret.text()).not.toContain('[redacted]')
    expect(rows[3]!.find('[data-test="diff-field"]').text()).toBe('请求参数 › c › 参数名')
    expect(rows[3]!.find('[data-test="diff-field"]').attributes('title')).toBe('request[10].name')
    expect(w.text()).toContain(zhCN.audit.diff.before)
    expect(w.find('[data-test="extra"]').text()).toContain('verdict')
  })

  it('says so when an entry has no field-level change', () => {
    const w = mount(AuditDetails, { props: { details: '' }, global: { plugins: [i18n('en')] } })
    expect(w.text()).toContain(en.audit.diff.none)
  })
})

describe('field labels', () => {
  const i18n = (locale: 'zh-CN' | 'en') => createI18n({ legacy: false, locale, messages: { 'zh-CN': zhCN, en } }).global
  const label = (path: string, locale: 'zh-CN' | 'en', names = new Map<string, string>()) => {
    const g = i18n(locale)
    return fieldLabel(path, g.t, g.te, names)
  }

  it('splits paths into keys, indexes and quoted keys', () => {
    expect(pathSegments('request[0].source.kind')).toEqual([{ key: 'request' }, { index: 0 }, { key: 'source' }, { key: 'kind' }])
    expect(pathSegments('auth.tokenExchange.headers["X.Trace"]')).toEqual([
      { key: 'auth' },
      { key: 'tokenExchange' },
      { key: 'headers' },
      { key: 'X.Trace' },
    ])
  })

  it('reads a param change as 请求参数 › user › 取值来源, the name from the entry itself', () => {
    const rows = parseDetails(
      JSON.stringify({ changes: { 'request[0].name': { before: 'uid', after: 'user' }, 'request[0].source.kind': { before: 'input', after: 'system' } } }),
    ).rows
    const names = paramNames(rows)
    expect(names.get('request[0]')).toBe('user')
    expect(label('request[0].source.kind', 'zh-CN', names)).toBe('请求参数 › user › 取值来源')
    expect(label('request[0].source.kind', 'en', names)).toBe('Request params › user › Value source')
    // Without the name in the entry: the position.
    expect(label('request[1].source.kind', 'zh-CN', names)).toBe('请求参数 › 第 2 项 › 取值来源')
    expect(label('request[1].source.kind', 'en')).toBe('Request params › #2 › Value source')
  })

  it('follows nested params and labels the top-level fields', () => {
    const names = new Map([
      ['request[0]', 'dept'],
      ['request[0].children[1]', 'id'],
    ])
    expect(label('request[0].children[1].type', 'zh-CN', names)).toBe('请求参数 › dept › id › 类型')
    expect(label('request[0].source.value', 'en', names)).toBe('Request params › dept › Source value')
    expect(label('tls.skipVerify', 'zh-CN')).toBe('TLS › 跳过证书验证')
    expect(label('connectTimeoutSec', 'en')).toBe('Connect timeout')
    expect(label('auth.tokenExchange.tokenPath', 'zh-CN')).toBe('认证 › 令牌交换 › 令牌路径')
    expect(label('name', 'zh-CN')).toBe('名称')
    // An unknown step stays as written.
    expect(label('auth.tokenExchange.headers["X.Trace"]', 'en')).toBe('Auth › Token exchange › Headers › X.Trace')
  })
})
