// Browser mode's transport (`junction serve`, backend/bridge): each call of the
// app/ facade is a POST of its arguments as a JSON array to /api/<Struct>/<Method>,
// answered with the JSON result or with {code, message, field}.
//
// The server prints a sign-in link that carries a one-time code
// (http://127.0.0.1:PORT/?code=...). Opening it sets an HttpOnly session cookie
// and redirects to the clean URL, so the page itself never holds a secret: the
// browser sends the cookie (and the page's Origin) with every call.
import { ApiError, toApiError } from './error'

/** CallHeader names a cancellable call (backend/bridge.CallHeader). */
export const callHeader = 'X-Junction-Call'

/** How a cancellable call travels: aborting signal aborts the request, and the call id ties it to the backend's call. */
export interface CallOptions {
  signal?: AbortSignal
  callId?: string
}

/**
 * viaBridge calls Struct.Method over HTTP; a refusal rejects with an ApiError.
 * With opts.signal an abort ends the request — the bridge then cancels the
 * call's context in the backend — and rejects with the signal's reason.
 */
export async function viaBridge(struct: string, method: string, args: unknown[], opts: CallOptions = {}): Promise<unknown> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' }
  if (opts.callId) {
    headers[callHeader] = opts.callId
  }
  let res: Response
  let text: string
  try {
    res = await fetch(`/api/${encodeURIComponent(struct)}/${encodeURIComponent(method)}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(args),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: opts.signal,
    })
    text = await res.text()
  } catch (reason) {
    if (opts.signal?.aborted) {
      throw opts.signal.reason
    }
    const detail = reason instanceof Error ? `: ${reason.message}` : ''
    throw new ApiError('internal', `The backend is not reachable (${struct}.${method})${detail}. Is junction serve still running?`)
  }
  if (!res.ok) {
    const err = toApiError(text.trim() ? text : `${res.status} ${res.statusText}`)
    throw err
  }
  if (text === '') {
    return null
  }
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new ApiError('internal', `The answer of ${struct}.${method} is not JSON.`)
  }
}

