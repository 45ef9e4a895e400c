// Browser mode's transport (`junction serve`, backend/bridge): each call of the
// app/ facade is a POST of its arguments as a JSON array to /api/<Struct>/<Method>,
// answered with the JSON result or with {code, message, field}.
//
// The server prints a URL that carries a token (http://127.0.0.1:PORT/?token=...).
// The page takes the token from its URL once, keeps it in sessionStorage (so a
// reload of the tab keeps working) and removes it from the address bar and the
// history; every call sends it in the X-Junction-Token header.
import { ApiError, toApiError } from './error'

export const tokenHeader = 'X-Junction-Token'
export const tokenStorageKey = 'junction.token'

let memoryToken = ''

/** takeToken moves ?token= from the page's URL into sessionStorage. It is safe to call more than once. */
export function takeToken(): void {
  if (typeof window === 'undefined' || !window.location) {
    return
  }
  const url = new URL(window.location.href)
  const token = url.searchParams.get('token')
  if (!token) {
    return
  }
  memoryToken = token
  try {
    sessionStorage.setItem(tokenStorageKey, token)
  } catch {
    // Storage can be unavailable; the token then lasts as long as this page.
  }
  url.searchParams.delete('token')
  try {
    // Keep the router's history.state; drop the token from what the address bar shows.
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash)
  } catch {
    // Not fatal: the token merely stays visible.
  }
}

/** The token of this browser session, '' when the page was opened without one. */
export function bridgeToken(): string {
  try {
    return sessionStorage.getItem(tokenStorageKey) ?? memoryToken
  } catch {
    return memoryToken
  }
}

/** viaBridge calls Struct.Method over HTTP; a refusal rejects with an ApiError. */
export async function viaBridge(struct: string, method: string, args: unknown[]): Promise<unknown> {
  let res: Response
  try {
    res = await fetch(`/api/${encodeURIComponent(struct)}/${encodeURIComponent(method)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [tokenHeader]: bridgeToken() },
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

takeToken()
