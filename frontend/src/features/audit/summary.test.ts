import { describe, expect, it } from 'vitest'
import { createAppI18n } from '@/i18n'
import { summaryText, type SummarySource } from './summary'

const say = (e: SummarySource, locale: 'zh-CN' | 'en') => {
  const g = createAppI18n(locale).global
  return summaryText(e, (k, n) => g.t(k, n ?? {}), (k) => g.te(k), (k) => g.tm(k))
}

describe('summaryText', () => {
  it('renders the summary from action and target in the UI language', () => {
    const e = { action: 'connector.seal', targetKey: 'crm', summary: 'connector crm sealed' }
    expect(say(e, 'zh-CN')).toBe('封存了连接器 crm')
    expect(say(e, 'en')).toBe('Sealed connector crm')
    expect(say({ action: 'settings.update', targetKey: 'settings', summary: 'settings changed' }, 'zh-CN')).toBe('修改了设置')
  })

  it('names the params, with the labels of enum values', () => {
    const e = { action: 'connector.grant', targetKey: 'crm', summary: 'bob may maintain connector crm', params: { user: 'bob', level: 'maintain' } }
    expect(say(e, 'zh-CN')).toBe('授予 bob 对连接器 crm 的「可维护」权限')
    const test = { action: 'interface.test', targetKey: 'crm/get-user', summary: 'interface get-user test: unmet', params: { verdict: 'unmet' } }
    expect(say(test, 'zh-CN')).toBe('测试了接口 crm/get-user')
  })

  it('falls back to the stored summary when a value the text names is missing', () => {
    const e = { action: 'connector.grant', targetKey: 'crm', summary: 'bob may maintain connector crm' }
    expect(say(e, 'zh-CN')).toBe('bob may maintain connector crm')
  })

  it('falls back to the stored summary for an action it does not know', () => {
    expect(say({ action: 'widget.spin', targetKey: 'f', summary: 'widget f spun' }, 'zh-CN')).toBe('widget f spun')
  })

  it('has a text for every action the filter offers, in both languages', async () => {
    const { knownActions } = await import('./actions')
    for (const locale of ['zh-CN', 'en'] as const) {
      const g = createAppI18n(locale).global
      for (const a of knownActions) expect(g.te(`audit.summary.${a}`), `${locale} ${a}`).toBe(true)
    }
  })
})
