// ApiError is every rejected backend call, whatever the transport: the stable
// code of backend/domain, the reason key and params the UI renders the message
// from in its language (frontend/src/i18n/reasons), the English message and,
// for validation, the field at fault (a dotted path such as "tags[0]").
import { domain } from '@wails/go/models'
import type { ErrorCode } from './types'

/** Every error code (domain.ErrorCodes, generated through EnumBind). */
export const errorCodes: readonly ErrorCode[] = Object.values(domain.Code)

export type { ErrorCode }

/** The values a reason's text names ({key}, {count}...), as text. */
export type ReasonParams = Record<string, string>

/** Details an ApiError may carry besides its code and message. */
export interface ApiErrorDetails {
  field?: string
  reason?: string
  params?: ReasonParams
}

export class ApiError extends Error {
  readonly code: ErrorCode
  readonly field: string
  /** The stable key of the message ("" when the backend gave none). */
  readonly reason: string
  readonly params: ReasonParams

  constructor(code: ErrorCode, message: string, details: string | ApiErrorDetails = {}) {
    super(message)
    const d = typeof details === 'string' ? { field: details } : details
    this.name = 'ApiError'
    this.code = code
    this.field = d.field ?? ''
    this.reason = d.reason ?? ''
    this.params = d.params ?? {}
  }

  /** The first segment of the field path: "tags" for "tags[0]", "auth" for "auth.apiKey.name". */
  get rootField(): string {
    return this.field.split(/[.[]/, 1)[0] ?? ''
  }
}

function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && (errorCodes as readonly string[]).includes(code)
}

/** textParams keeps the text values of an error's params (the backend sends only text). */
function textParams(params: unknown): ReasonParams {
  if (params === null || typeof params !== 'object') return {}
  return Object.fromEntries(Object.entries(params).filter((e): e is [string, string] => typeof e[1] === 'string'))
}

function fromShape(shape: unknown): ApiError | null {
  if (shape === null || typeof shape !== 'object') {
    return null
  }
  const { code, message, field, reason, params } = shape as Record<string, unknown>
  if (typeof code !== 'string' || typeof message !== 'string') {
    return null
  }
  return new ApiError(isErrorCode(code) ? code : 'internal', message, {
    field: typeof field === 'string' ? field : '',
    reason: typeof reason === 'string' ? reason : '',
    params: textParams(params),
  })
}

function fromText(text: string): ApiError | null {
  const trimmed = text.trim()
  if (!trimmed.startsWith('{')) {
    return null
  }
  try {
    return fromShape(JSON.parse(trimmed))
  } catch {
    return null
  }
}

/**
 * toApiError turns whatever a backend call rejected with into an ApiError.
 * The Wails runtime rejects with an Error whose message is the JSON text the
 * backend's error formatter returned; the bridge may reject with the object
 * itself; anything else (a runtime fault, a plain string) becomes "internal".
 */
export function toApiError(reason: unknown): ApiError {
  if (reason instanceof ApiError) {
    return reason
  }
  if (reason instanceof Error) {
    return fromText(reason.message) ?? new ApiError('internal', reason.message)
  }
  if (typeof reason === 'string') {
    return fromText(reason) ?? new ApiError('internal', reason)
  }
  return fromShape(reason) ?? new ApiError('internal', String(reason))
}
