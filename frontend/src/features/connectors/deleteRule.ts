import type { ConnectorSummary } from '@/api'

type Translate = (key: string, named: Record<string, unknown>, plural?: number) => string

/**
 * deleteBlockedReason says what must go before a connector can be deleted
 * ("先删除 1 个连接信息和 2 个接口"), for a maintainer the backend's delete rule
 * stops; "" when nothing stands in the way or the user may not delete anyway.
 */
export function deleteBlockedReason(t: Translate, c: Pick<ConnectorSummary, 'access' | 'connections' | 'interfaces'>): string {
  if (c.access.level !== 'maintain' || c.access.canDelete) return ''
  const conns = c.connections ? t('connectors.delete.connections', { n: c.connections }, c.connections) : ''
  const ifaces = c.interfaces ? t('connectors.delete.interfaces', { n: c.interfaces }, c.interfaces) : ''
  if (conns && ifaces) return t('connectors.delete.blockedBoth', { connections: conns, interfaces: ifaces })
  if (conns || ifaces) return t('connectors.delete.blocked', { what: conns || ifaces })
  return ''
}
