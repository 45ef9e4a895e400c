// formatBody pretty-prints and highlights a body, and rowsOf cuts big text into
// the virtual view's rows: in the Web Worker (format.worker.ts) when the text is
// big (body.ts planBody), on the main thread when it is small or when there is
// no Worker (unit tests).
import { HIGHLIGHT_LIMIT, prettyJSON, textRows, type BodyKind, type BodyPlan, type Rows } from './body'
import type { FormatReply, FormatRequest } from './format.worker'
import { highlight } from './highlight'

export interface Formatted {
  /** The formatted text; null when there is nothing to format (not JSON, or invalid JSON). */
  pretty: string | null
  /** Highlighted HTML of what is shown, null when it is not highlighted. */
  html: string | null
  /** Rows of what is shown, when it is big (computed with it, in the worker). */
  rows: Rows | null
  ms: number
  inWorker: boolean
}

let worker: Worker | null = null
let nextId = 1
const waiting = new Map<number, (r: FormatReply) => void>()

function getWorker(): Worker | null {
  if (typeof Worker === 'undefined') {
    return null
  }
  if (!worker) {
    try {
      worker = new Worker(new URL('./format.worker.ts', import.meta.url), { type: 'module' })
    } catch {
      return null
    }
    worker.onmessage = (e: MessageEvent<FormatReply>) => {
      waiting.get(e.data.id)?.(e.data)
      waiting.delete(e.data.id)
    }
    worker.onerror = () => {
      // A broken worker: answer everyone with nothing and start a new one next time.
      for (const done of waiting.values()) done({ id: 0, pretty: null, html: null, rows: null, ms: 0 })
      waiting.clear()
      worker?.terminate()
      worker = null
    }
  }
  return worker
}

function ask(w: Worker, req: Omit<FormatRequest, 'id'>): Promise<FormatReply> {
  const id = nextId++
  return new Promise((resolve) => {
    waiting.set(id, resolve)
    w.postMessage({ ...req, id } satisfies FormatRequest)
  })
}

/** formatSync formats on the calling thread. */
export function formatSync(text: string, plan: BodyPlan): Formatted {
  const started = performance.now()
  const pretty = plan.kind === 'json' ? prettyJSON(text) : null
  const shown = pretty ?? text
  const html =
    plan.highlight && shown.length <= HIGHLIGHT_LIMIT && (pretty !== null || plan.kind !== 'json') ? highlight(shown, plan.kind) : null
  const rows = shown.length > HIGHLIGHT_LIMIT ? textRows(shown) : null
  return { pretty, html, rows, ms: performance.now() - started, inWorker: false }
}

/** formatBody formats a body as its plan says, off the main thread when the plan asks for it and a Worker exists. */
export async function formatBody(text: string, plan: BodyPlan): Promise<Formatted> {
  const w = plan.inWorker ? getWorker() : null
  if (!w) {
    return formatSync(text, plan)
  }
  const r = await ask(w, { text, kind: plan.kind, format: true, highlight: plan.highlight, rows: plan.big })
  return { pretty: r.pretty, html: r.html, rows: r.rows, ms: r.ms, inWorker: true }
}

/** rowsOf cuts a whole text into rows, in the worker when there is one. */
export async function rowsOf(text: string, kind: BodyKind): Promise<Rows> {
  const w = text.length > HIGHLIGHT_LIMIT ? getWorker() : null
  if (!w) {
    return textRows(text)
  }
  const r = await ask(w, { text, kind, format: false, highlight: false, rows: true })
  return r.rows ?? textRows(text)
}
