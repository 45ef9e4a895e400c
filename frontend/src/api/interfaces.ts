// The interface editor's calls of the app/ facade (struct Interfaces) and the
// shapes of an interface definition, from the generated models.
import type { domain, service } from '@wails/go/models'
import { call } from './transport'
import type { Data } from './types'

export type { ParamIn, CondOp, Condition } from './types'
export type ParamType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array'
export type SourceKind = 'input' | 'static' | 'system' | 'template' | 'map'
export type BodyType = 'none' | 'json' | 'form' | 'multipart' | 'text' | 'xml'

/** Where a request param's value comes from (domain.Source). */
export type ParamSource = Data<domain.Source>

/** One node of the request param tree (domain.Param); `in` is set on top-level params only. */
export type RequestParam = Data<domain.Param>

/** One node of the response param tree (domain.ResponseParam); path is gjson, relative to the parent. */
export type ResponseParam = Data<domain.ResponseParam>

export type Messages = Data<domain.Messages>

/** What the editor sends to create or edit an interface (service.InterfaceInput). */
export type InterfaceInput = Data<service.InterfaceInput>

/** A stored interface definition (service.InterfaceView). */
export type InterfaceView = Data<service.InterfaceView>

export const ifaceApi = {
  get: (connector: string, key: string) => call('Interfaces', 'Get', connector, key),
  create: (connector: string, input: InterfaceInput) => call('Interfaces', 'Create', connector, input),
  update: (connector: string, key: string, input: InterfaceInput) => call('Interfaces', 'Update', connector, key, input),
  remove: (connector: string, key: string) => call('Interfaces', 'Delete', connector, key),
  /** Builds a response tree from a pasted JSON sample; a malformed one is a validation error on "sample". */
  responseFromSample: (sample: string) => call('Interfaces', 'ResponseFromSample', sample),
  /** Like responseFromSample, merged into existing: existing params kept, new ones added. */
  mergeResponse: (existing: ResponseParam[], sample: string) => call('Interfaces', 'MergeResponse', existing, sample),
}
