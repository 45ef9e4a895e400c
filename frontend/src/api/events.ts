// The backend's events (backend/service/events.go): one subscribe for both
// transports. In the desktop window they arrive through the Wails runtime
// (EventsOn); in a browser through one Server-Sent Events stream on
// /api/events of `junction serve`, which carries the session cookie like
// every call (backend/bridge/events.go).
import type * as Runtime from '@wails/runtime/runtime'
import { hasDesktop } from './transport'

/** The events the backend emits, by name (service.Events). */
export const backendEvents = {
  /** Audit entries were appended: `{ seq, actions }`. */
  auditAppended: 'audit.appended',
  /** The settings were saved with a change; read them again. */
  settingsChanged: 'settings.changed',
  /** A flow run started, ended a step attempt, or ended (service.FlowRunEvent). */
  flowRun: 'flow.run',
} as const

export type BackendEvent = (typeof backendEvents)[keyof typeof backendEvents]

/** The data of audit.appended (service.AuditAppended). */
export interface AuditAppended {
  seq: number
  actions: string[]
}

/** The data of flow.run (service.FlowRunEvent): no request, response or input. */
export interface FlowRunEvent {
  runId: string
  flow: string
  phase: 'started' | 'step' | 'ended'
  step: string
  /** The forEach element's index, -1 without forEach. */
  item: number
  attempt: number
  status: number
  verdict: string
  message: string
  totalMs: number
}

declare global {
  interface Window {
    runtime?: Pick<typeof Runtime, 'EventsOn'>
  }
}

// The browser's one stream, open while anybody listens.
let stream: EventSource | null = null
let listeners = 0

function openStream(): EventSource {
  if (stream === null) {
    stream = new EventSource('/api/events')
  }
  listeners += 1
  return stream
}

function closeStream() {
  listeners -= 1
  if (listeners === 0 && stream !== null) {
    stream.close()
    stream = null
  }
}

/**
 * subscribe calls fn with the data of each event called name until the
 * returned function is called.
 */
export function subscribe(name: BackendEvent, fn: (data: unknown) => void): () => void {
  if (hasDesktop()) {
    const off = window.runtime?.EventsOn(name, (data: unknown) => fn(data))
    return () => off?.()
  }
  if (typeof EventSource === 'undefined') {
    // Not a browser (a unit test's DOM): there is no stream to read.
    return () => {}
  }
  const source = openStream()
  const onEvent = (e: Event) => {
    const { data } = e as MessageEvent<string>
    let parsed: unknown
    try {
      parsed = JSON.parse(data)
    } catch {
      // A malformed event carries nothing to act on.
      return
    }
    fn(parsed)
  }
  source.addEventListener(name, onEvent)
  let done = false
  return () => {
    if (done) return
    done = true
    source.removeEventListener(name, onEvent)
    closeStream()
  }
}
