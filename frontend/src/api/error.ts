// ApiError is every rejected backend call, whatever the transport: the stable
// code of backend/domain, a message a person can act on and, for validation,
// the field at fault (a dotted path such as "tags[0]"); reason and params say
// the message in the UI's language (see i18n/explain.ts).

export const errorCodes = [
  'validation',
  'not_found',
  'conflict',
  'rule',
  'permission',
  'transport',
  'timeout',
  'bad_input',
  'internal',
] as const

export type ErrorCode = (typeof errorCodes)[number]

export class ApiError extends Error {
  readonly code: ErrorCode
  readonly field: string
  readonly reason: string
  readonly params: Record<string, string>

  constructor(code: ErrorCode, message: string, field = '', reason = '', params: Record<string, string> = {}) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.field = field
    this.reason = reason
    this.params = params
  }

  /** The first segment of the field path: "tags" for "tags[0]", "auth" for "auth.apiKey.name". */
  get rootField(): string {
    return this.field.split(/[.[]/, 1)[0] ?? ''
  }
}

function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && (errorCodes as readonly string[]).includes(code)
}

function fromShape(shape: unknown): ApiError | null {
  if (shape === null || typeof shape !== 'object') {
    return null
  }
  const { code, message, field, reason, params } = shape as Record<string, unknown>
  if (typeof code !== 'string' || typeof message !== 'string') {
    return null
  }
  return new ApiError(
    isErrorCode(code) ? code : 'internal',
    message,
    typeof field === 'string' ? field : '',
    typeof reason === 'string' ? reason : '',
    textParams(params),
  )
}

/** textParams keeps the text values of an error's params (the backend sends only text). */
function textParams(params: unknown): Record<string, string> {
  if (params === null || typeof params !== 'object') return {}
  return Object.fromEntries(Object.entries(params).filter((e): e is [string, string] => typeof e[1] === 'string'))
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
