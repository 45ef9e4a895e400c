// Browser mode's transport (`junction serve`, backend/bridge): each call of the
// app/ facade is a POST of its arguments as a JSON array to /api/<Struct>/<Method>,
// answered with the JSON result or with {code, message, field}.
//
// The server prints a sign-in link that carries a one-time code
// (http://127.0.0.1:PORT/?code=...). Opening it sets an HttpOnly session cookie
// and redirects to the clean URL, so the page itself never holds a secret: the
// browser sends the cookie (and the page's Origin) with every call.
import { ApiError, toApiError } from './error'

/** viaBridge calls Struct.Method over HTTP; a refusal rejects with an ApiError. */
export async function viaBridge(struct: string, method: string, args: unknown[]): Promise<unknown> {
  let res: Response
  try {
    res = await fetch(`/api/${encodeURIComponent(struct)}/${encodeURIComponent(method)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(args),
      credentials: 'same-origin',
      cache: 'no-store',
    })
  } catch (reason) {
    const detail = reason instanceof Error ? `: ${reason.message}` : ''
    throw new ApiError('internal', `The backend is not reachable (${struct}.${method})${detail}. Is junction serve still running?`)
  }
  const text = await res.text()
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

