import { describe, expect, it } from 'vitest'
import { isValidKey, suggestKey } from './slug'

describe('suggestKey', () => {
  it.each([
    ['Open Platform', 'open-platform'],
    ['  SAP SuccessFactors (HR)  ', 'sap-successfactors-hr'],
    ['Café Übersicht', 'cafe-ubersicht'],
    ['CRM_v2 API', 'crm-v2-api'],
    ['钉钉 Open API', 'ding-ding-open-api'],
    ['金蝶云星空 K3', 'jin-die-yun-xing-kong-k3'],
    ['钉钉', 'ding-ding'],
    ['用友U8', 'yong-you-u8'],
    ['人力资源(HR)系统', 'ren-li-zi-yuan-hr-xi-tong'],
    ['重庆银行', 'chong-qing-yin-hang'],
    ['绿色出行', 'lu-se-chu-xing'],
    ['', ''],
    ['--Hello--World--', 'hello-world'],
  ])('%j -> %j', (name, key) => {
    expect(suggestKey(name)).toBe(key)
  })

  it('keeps a suggestion within 64 characters and without a trailing dash', () => {
    const key = suggestKey('word '.repeat(40))
    expect(key.length).toBeLessThanOrEqual(64)
    expect(key.endsWith('-')).toBe(false)
    expect(isValidKey(key)).toBe(true)
  })

  it('suggests only keys the backend accepts', () => {
    for (const name of ['Open Platform', 'A', '9 lives', 'Ünïcödé Name', '钉钉开放平台', '中'.repeat(80)]) {
      expect(isValidKey(suggestKey(name))).toBe(true)
    }
  })
})
