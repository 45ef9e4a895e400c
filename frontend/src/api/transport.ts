// The transport seam: the one place that reaches the generated Wails bindings.
// Only their types are imported, so the frontend builds and type-checks without
// Go; at run time the bound objects are looked up on window.go when a call is made.
import type * as Audit from '@wails/go/app/Audit'
import type * as Connections from '@wails/go/app/Connections'
import type * as Connectors from '@wails/go/app/Connectors'
import type * as Exchange from '@wails/go/app/Exchange'
import type * as Interfaces from '@wails/go/app/Interfaces'
import type * as Session from '@wails/go/app/Session'
import type * as Settings from '@wails/go/app/Settings'
import type * as Users from '@wails/go/app/Users'
import { viaBridge, type CallOptions } from './bridge'
import { ApiError, toApiError } from './error'
import type { Data } from './types'

/** The bound Go structs of package app, by name. */
export interface Bindings {
  Audit: typeof Audit
  Connections: typeof Connections
  Connectors: typeof Connectors
  Exchange: typeof Exchange
  Interfaces: typeof Interfaces
  Session: typeof Session
  Settings: typeof Settings
  Users: typeof Users
}

declare global {
  interface Window {
    go?: { app?: Partial<Bindings> }
  }
}

/** Whether the desktop runtime is present (false in a plain browser or a unit test). */
export function hasDesktop(): boolean {
  return typeof window !== 'undefined' && window.go?.app !== undefined
}

/**
 * call invokes one bound method and turns a rejection into an ApiError: through
 * the Wails bindings in the desktop window, through the HTTP bridge of
 * `junction serve` in a browser (see ./bridge). Code outside src/api/ never
 * tells the two apart, except through hasDesktop() for what only the window
 * has: calls of the Wails runtime (@wails/runtime) must be guarded by it.
 */
export async function call<S extends keyof Bindings, M extends keyof Bindings[S]>(
  struct: S,
  method: M,
  ...args: Bindings[S][M] extends (...a: infer A) => unknown ? { [I in keyof A]: Data<A[I]> } : never
): Promise<Bindings[S][M] extends (...a: never[]) => Promise<infer R> ? R : never> {
  if (!hasDesktop()) {
    return (await viaBridge(String(struct), String(method), args)) as never
  }
  const bound = window.go?.app?.[struct] as Record<PropertyKey, (...a: unknown[]) => Promise<unknown>> | undefined
  const fn = bound?.[method]
  if (typeof fn !== 'function') {
    throw new ApiError('internal', `The backend is not reachable (${String(struct)}.${String(method)}).`)
  }
  try {
    return (await fn(...args)) as never
  } catch (reason) {
    throw toApiError(reason)
  }
}

let callSeq = 0

/** newCallId names one cancellable call, unique in this page. */
function newCallId(): string {
  callSeq += 1
  return `${Date.now().toString(36)}-${callSeq}`
}

/**
 * cancellable calls a facade method whose first argument is a call id (Go:
 * Session.call): aborting signal cancels the backend call — in the window
 * through Session.Cancel(id), in a browser by aborting the request, whose
 * context the bridge hands to the call (closing the tab does the same). The
 * promise rejects with signal.reason once aborted.
 */
export async function cancellable<S extends keyof Bindings, M extends keyof Bindings[S]>(
  signal: AbortSignal,
  struct: S,
  method: M,
  ...args: Bindings[S][M] extends (id: string, ...a: infer A) => unknown ? { [I in keyof A]: Data<A[I]> } : never
): Promise<Bindings[S][M] extends (...a: never[]) => Promise<infer R> ? R : never> {
  signal.throwIfAborted()
  const callId = newCallId()
  if (!hasDesktop()) {
    const opts: CallOptions = { signal, callId }
    return (await viaBridge(String(struct), String(method), [callId, ...args], opts)) as never
  }
  const cancel = () => void call('Session', 'Cancel', callId).catch(() => undefined)
  signal.addEventListener('abort', cancel, { once: true })
  try {
    const out = await (call as (s: S, m: M, ...a: unknown[]) => Promise<unknown>)(struct, method, callId, ...args)
    signal.throwIfAborted()
    return out as never
  } catch (reason) {
    signal.throwIfAborted()
    throw reason
  } finally {
    signal.removeEventListener('abort', cancel)
  }
}
