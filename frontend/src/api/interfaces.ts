// The interface editor's calls of the app/ facade (struct Interfaces) and the
// shapes of an interface definition. The definition types are written out here
// rather than taken from the generated models: a param's default and a rule's
// value are free JSON values, which the generator cannot type.
import { call } from './transport'
import type { Timestamp } from './types'

export type ParamIn = 'path' | 'query' | 'header' | 'body'
export type ParamType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array'
export type SourceKind = 'input' | 'static' | 'system' | 'template' | 'map'
export type BodyType = 'none' | 'json' | 'form' | 'multipart' | 'text' | 'xml'
export type CondOp =
  | 'eq'
  | 'ne'
  | 'gt'
  | 'ge'
  | 'lt'
  | 'le'
  | 'contains'
  | 'notContains'
  | 'empty'
  | 'notEmpty'
  | 'matches'
  | 'in'

/** Where a request param's value comes from (domain.Source). */
export interface ParamSource {
  kind: SourceKind | string
  value?: string
}

/** One node of the request param tree (domain.Param); `in` is set on top-level params only. */
export interface RequestParam {
  name: string
  in?: ParamIn | string
  type: ParamType | string
  required: boolean
  source: ParamSource
  /** Any JSON value; absent when there is no default. */
  default?: unknown
  description: string
  children?: RequestParam[]
}

/** One node of the response param tree (domain.ResponseParam); path is gjson, relative to the parent. */
export interface ResponseParam {
  name: string
  type: ParamType | string
  path: string
  description?: string
  children?: ResponseParam[]
}

/** A group (all or any) or one rule (domain.Condition). */
export interface Condition {
  all?: Condition[]
  any?: Condition[]
  field?: string
  op?: CondOp | string
  value?: unknown
}

export interface Messages {
  unmet: string
  timeout: string
  error: string
}

/** What the editor sends to create or edit an interface (service.InterfaceInput). */
export interface InterfaceInput {
  key: string
  name: string
  description: string
  connectionKey: string
  method: string
  path: string
  bodyType: BodyType | string
  request: RequestParam[]
  response: ResponseParam[]
  success: Condition
  messages: Messages
}

/** A stored interface definition (service.InterfaceView). */
export interface InterfaceView extends InterfaceInput {
  id: string
  connectorId: string
  connectionId: string
  revision: number
  createdAt: Timestamp
  createdBy: string
  updatedAt: Timestamp
  updatedBy: string
}

type Wire = never

export const ifaceApi = {
  get: async (connector: string, key: string) =>
    (await call('Interfaces', 'Get', connector, key)) as unknown as InterfaceView,
  create: async (connector: string, input: InterfaceInput) =>
    (await call('Interfaces', 'Create', connector, input as Wire)) as unknown as InterfaceView,
  update: async (connector: string, key: string, input: InterfaceInput) =>
    (await call('Interfaces', 'Update', connector, key, input as Wire)) as unknown as InterfaceView,
  remove: (connector: string, key: string) => call('Interfaces', 'Delete', connector, key),
  /** Builds a response tree from a pasted JSON sample; a malformed one is a validation error on "sample". */
  responseFromSample: async (sample: string) =>
    (await call('Interfaces', 'ResponseFromSample', sample)) as unknown as ResponseParam[],
  /** Like responseFromSample, merged into existing: existing params kept, new ones added. */
  mergeResponse: async (existing: ResponseParam[], sample: string) =>
    (await call('Interfaces', 'MergeResponse', existing as Wire, sample)) as unknown as ResponseParam[],
}
