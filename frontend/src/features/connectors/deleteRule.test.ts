import { describe, expect, it } from 'vitest'
import { createAppI18n } from '@/i18n'
import { deleteBlockedReason } from './deleteRule'

const maintain = { level: 'maintain' as const, canManage: true, canDelete: false }

describe('deleteBlockedReason', () => {
  const zh = createAppI18n('zh-CN').global.t
  const en = createAppI18n('en').global.t

  it.each([
    [1, 2, '先删除 1 个连接信息和 2 个接口', 'Delete its 1 connection and 2 interfaces first'],
    [2, 1, '先删除 2 个连接信息和 1 个接口', 'Delete its 2 connections and 1 interface first'],
    [1, 0, '先删除 1 个连接信息', 'Delete its 1 connection first'],
    [0, 3, '先删除 3 个接口', 'Delete its 3 interfaces first'],
  ])('%i connections, %i interfaces', (connections, interfaces, wantZh, wantEn) => {
    const c = { access: maintain, connections, interfaces }
    expect(deleteBlockedReason(zh, c)).toBe(wantZh)
    expect(deleteBlockedReason(en, c)).toBe(wantEn)
  })

  it('says nothing when the connector can go, or the user may not delete it anyway', () => {
    expect(deleteBlockedReason(en, { access: { ...maintain, canDelete: true }, connections: 0, interfaces: 0 })).toBe('')
    expect(deleteBlockedReason(en, { access: { level: 'view' as const, canManage: false, canDelete: false }, connections: 1, interfaces: 0 })).toBe('')
  })
})
