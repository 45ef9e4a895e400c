// The data shapes the backend exchanges, taken from the generated models so they
// follow backend/service/types.go. The generated classes carry helper methods the
// wire data never has; Data<T> keeps the fields only.
import type { domain, service } from '@wails/go/models'

/** Data keeps the fields of a generated model class, recursively. */
export type Data<T> = T extends (infer U)[]
  ? Data<U>[]
  : T extends (...args: never[]) => unknown
    ? never
    : T extends object
      ? { [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: Data<T[K]> }
      : T

/** An RFC 3339 timestamp as the backend sends time.Time. */
export type Timestamp = string

type WithTimes<T, K extends keyof T> = Omit<T, K> & { [P in K]: Timestamp }

export type Status = 'active' | 'sealed'
export type AccessLevel = 'view' | 'maintain'

export type Access = Omit<Data<service.Access>, 'level'> & { level: AccessLevel }
export type ConnectorSummary = Omit<WithTimes<Data<service.ConnectorSummary>, 'updatedAt'>, 'status' | 'access'> & {
  status: Status
  access: Access
}
export type ConnectorPage = Omit<Data<service.ConnectorPage>, 'items'> & { items: ConnectorSummary[] }
export type ConnectorQuery = Data<service.ConnectorQuery>
export type ConnectorInput = Data<service.ConnectorInput>
export type ConnectionView = Omit<WithTimes<Data<service.ConnectionView>, 'createdAt' | 'updatedAt'>, 'status'> & {
  status: Status
}
export type InterfaceSummary = Omit<WithTimes<Data<service.InterfaceSummary>, 'updatedAt'>, 'connectionStatus'> & {
  connectionStatus: Status
}
export type ConnectorDetail = ConnectorSummary &
  Omit<WithTimes<Data<service.ConnectorDetail>, 'createdAt'>, keyof ConnectorSummary | 'connectionList' | 'interfaceList'> & {
    connectionList: ConnectionView[]
    interfaceList: InterfaceSummary[]
  }
export type UserView = WithTimes<Data<service.UserView>, 'createdAt'>
export type GrantView = Data<service.GrantView>
export type AuditQuery = Data<service.AuditQuery>
export type AuditEntry = WithTimes<Data<domain.AuditEntry>, 'at'>
export type ImportOptions = Data<service.ImportOptions>
export type ImportReport = Data<service.ImportReport>
