// The data shapes the backend exchanges, taken from the generated models so they
// follow backend/service/types.go. The generated classes carry helper methods the
// wire data never has, and their enums (Wails EnumBind, app/enums.go) are nominal;
// Data<T> keeps the fields only and reads an enum as the union of its values, so
// a literal such as 'sealed' is a Status.
import type { domain, service } from '@wails/go/models'

/** Data keeps the fields of a generated model class, recursively; an enum becomes its values. */
export type Data<T> = 0 extends 1 & T
  ? T
  : T extends string
    ? `${T}`
    : T extends (infer U)[]
      ? Data<U>[]
      : T extends (...args: never[]) => unknown
        ? never
        : T extends object
          ? { [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: Data<T[K]> }
          : T

/** An RFC 3339 timestamp as the backend sends time.Time. */
export type Timestamp = string

export type Status = Data<domain.Status>
export type Verdict = Data<domain.Verdict>
export type Action = Data<domain.Action>
export type Perm = Data<domain.Perm>
export type ErrorCode = Data<domain.Code>
export type AuthScheme = Data<domain.AuthType>
export type ParamIn = Data<domain.ParamIn>
export type CondOp = Data<domain.CondOp>

/** A group (all or any) or one rule (domain.Condition): an interface's success, a token exchange's refreshWhen. */
export type Condition = Data<domain.Condition>

/** A sentence for a person that is not an error: its reason and params, and the English text. */
export type Note = Data<domain.Note>

export type Access = Data<service.Access>
export type AccessLevel = Access['level']
export type ConnectorSummary = Data<service.ConnectorSummary>
export type ConnectorPage = Data<service.ConnectorPage>
export type ConnectorQuery = Data<service.ConnectorQuery>
export type ConnectorInput = Data<service.ConnectorInput>
export type ConnectionView = Data<service.ConnectionView>
export type InterfaceSummary = Data<service.InterfaceSummary>
export type ConnectorDetail = Data<service.ConnectorDetail>
export type UserView = Data<service.UserView>
export type GrantView = Data<service.GrantView>
export type AuditQuery = Data<service.AuditQuery>
export type AuditEntry = Data<service.AuditView>
export type AuditPage = Data<service.AuditPage>
export type VerifyResult = Data<service.VerifyResult>
export type ImportOptions = Data<service.ImportOptions>
export type ImportReport = Data<service.ImportReport>
