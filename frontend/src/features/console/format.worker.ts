// The body formatter off the main thread: pretty-prints JSON (keeping every
// literal as it came), highlights what is small enough, and cuts big text into
// the rows of the virtual view (sent back as transferred buffers).
import { HIGHLIGHT_LIMIT, prettyJSON, textRows, type BodyKind } from './body'
import { highlight } from './highlight'

export interface FormatRequest {
  id: number
  text: string
  kind: BodyKind
  /** Format JSON (pretty-print); otherwise only rows are wanted. */
  format: boolean
  /** Highlight the result (small bodies only). */
  highlight: boolean
  /** Cut the result (the formatted text, else the text) into rows. */
  rows: boolean
}

export interface WireRows {
  starts: Uint32Array
  ends: Uint32Array
  line: Uint32Array
  count: number
}

export interface FormatReply {
  id: number
  /** The formatted text; null when not asked or the body is not valid JSON. */
  pretty: string | null
  /** Highlighted HTML of what is shown, only when asked and small enough. */
  html: string | null
  rows: WireRows | null
  ms: number
}

self.onmessage = (e: MessageEvent<FormatRequest>) => {
  const started = performance.now()
  const req = e.data
  const pretty = req.format && req.kind === 'json' ? prettyJSON(req.text) : null
  const shown = pretty ?? req.text
  const html =
    req.highlight && shown.length <= HIGHLIGHT_LIMIT && (pretty !== null || req.kind !== 'json') ? highlight(shown, req.kind) : null
  const rows = req.rows ? textRows(shown) : null
  const reply: FormatReply = { id: req.id, pretty, html, rows, ms: performance.now() - started }
  const transfer = rows ? [rows.starts.buffer, rows.ends.buffer, rows.line.buffer] : []
  ;(self as unknown as Worker).postMessage(reply, transfer)
}
