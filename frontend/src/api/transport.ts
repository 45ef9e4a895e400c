// The transport seam: the one place that reaches the generated Wails bindings.
// Only their types are imported, so the frontend builds and type-checks without
// Go; at run time the bound objects are looked up on window.go when a call is made.
import type * as Audit from '@wails/go/app/Audit'
import type * as Connections from '@wails/go/app/Connections'
import type * as Connectors from '@wails/go/app/Connectors'
import type * as Exchange from '@wails/go/app/Exchange'
import type * as Flows from '@wails/go/app/Flows'
import type * as Interfaces from '@wails/go/app/Interfaces'
import type * as Session from '@wails/go/app/Session'
import type * as Settings from '@wails/go/app/Settings'
import type * as Users from '@wails/go/app/Users'
import { viaBridge } from './bridge'
import { ApiError, toApiError } from './error'
import type { Data } from './types'

/** The bound Go structs of package app, by name. */
export interface Bindings {
  Audit: typeof Audit
  Connections: typeof Connections
  Connectors: typeof Connectors
  Exchange: typeof Exchange
  Flows: typeof Flows
  Interfaces: typeof Interfaces
  Session: typeof Session
  Settings: typeof Settings
  Users: typeof Users
}

/** A bound method as the runtime holds it: JSON values in, a JSON value out. */
type BoundMethod = (...args: unknown[]) => Promise<unknown>

declare global {
  interface Window {
    go?: { app?: Record<string, Record<string, BoundMethod | undefined> | undefined> }
  }
}

/** The arguments of Struct.Method, as data. */
export type Args<S extends keyof Bindings, M extends keyof Bindings[S]> = Bindings[S][M] extends (...a: infer A) => unknown
  ? { [I in keyof A]: Data<A[I]> }
  : never

/** The answer of Struct.Method, as data (what the JSON of its Go result reads as). */
export type Answer<S extends keyof Bindings, M extends keyof Bindings[S]> = Bindings[S][M] extends (
  ...a: never[]
) => Promise<infer R>
  ? Data<R>
  : never

/** The arguments of a cancellable Struct.Method after its call id, as data. */
export type CallArgs<S extends keyof Bindings, M extends keyof Bindings[S]> = Bindings[S][M] extends (
  id: string,
  ...a: infer A
) => unknown
  ? { [I in keyof A]: Data<A[I]> }
  : never

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
export async function call<S extends keyof Bindings, M extends keyof Bindings[S] & string>(
  struct: S,
  method: M,
  ...args: Args<S, M>
): Promise<Answer<S, M>> {
  // The one place a JSON answer takes its type: the generated signature of the method called.
  return (await answerOf(struct, method, args)) as Answer<S, M>
}

async function answerOf(struct: string, method: string, args: unknown[]): Promise<unknown> {
  if (!hasDesktop()) {
    return viaBridge(struct, method, args)
  }
  const fn = window.go?.app?.[struct]?.[method]
  if (typeof fn !== 'function') {
    throw new ApiError('internal', `The backend is not reachable (${struct}.${method}).`)
  }
  try {
    return await fn(...args)
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
export async function cancellable<S extends keyof Bindings, M extends keyof Bindings[S] & string>(
  signal: AbortSignal,
  struct: S,
  method: M,
  ...args: CallArgs<S, M>
): Promise<Answer<S, M>> {
  signal.throwIfAborted()
  const callId = newCallId()
  const all: unknown[] = [callId, ...args]
  if (!hasDesktop()) {
    // As in call: the answer takes its type from the generated signature.
    return (await viaBridge(struct, method, all, { signal, callId })) as Answer<S, M>
  }
  const cancel = () => void call('Session', 'Cancel', callId).catch(() => undefined)
  signal.addEventListener('abort', cancel, { once: true })
  try {
    const out = await answerOf(struct, method, all)
    signal.throwIfAborted()
    return out as Answer<S, M>
  } catch (reason) {
    signal.throwIfAborted()
    throw reason
  } finally {
    signal.removeEventListener('abort', cancel)
  }
}
