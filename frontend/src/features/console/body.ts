// Showing a response body without freezing the window. A body is "small" up
// to HIGHLIGHT_LIMIT characters: formatted and highlighted whole. A bigger one
// (the engine reads up to 10 MiB by default) is shown as plain text in a
// virtual list of rows, starting with its first PREVIEW_CHARS; formatting a
// big JSON body runs in a Web Worker (format.worker.ts), never on the main
// thread. Everything here is plain functions, shared by the worker.

/** Above this many characters a body is not highlighted and is shown in a virtual list. */
export const HIGHLIGHT_LIMIT = 256 * 1024
/** How much of a big body is shown before "show all". */
export const PREVIEW_CHARS = 200 * 1024
/** Above this many characters formatting runs in the worker (when there is one). */
export const WORKER_MIN = 64 * 1024
/** A line longer than this is cut into rows of this many characters in the virtual list. */
export const ROW_CHARS = 400

export type BodyKind = 'json' | 'xml' | 'html' | 'text'

/** bodyKind says how to show a body, from what Content-Type claimed and, failing that, its first character. */
export function bodyKind(contentType: string | undefined, text: string): BodyKind {
  const ct = (contentType ?? '').toLowerCase()
  if (/[/+]json\b/.test(ct)) {
    return 'json'
  }
  if (ct.includes('html')) {
    return 'html'
  }
  if (/[/+]xml\b/.test(ct)) {
    return 'xml'
  }
  const head = text.slice(0, 64).trimStart()
  if (head.startsWith('{') || head.startsWith('[')) {
    return 'json'
  }
  if (head.startsWith('<')) {
    return /^<(!doctype html|html)/i.test(head) ? 'html' : 'xml'
  }
  return 'text'
}

export interface BodyPlan {
  kind: BodyKind
  /** Above HIGHLIGHT_LIMIT: plain text in a virtual list, preview first. */
  big: boolean
  /** Highlight with highlight.js (small JSON, XML or HTML only). */
  highlight: boolean
  /** Format (pretty-print) JSON off the main thread. */
  inWorker: boolean
  /** Where the preview of a big body ends (a line end near PREVIEW_CHARS); the length when small. */
  previewEnd: number
}

/** planBody decides how a body is shown (the threshold logic). */
export function planBody(text: string, contentType?: string): BodyPlan {
  const kind = bodyKind(contentType, text)
  const big = text.length > HIGHLIGHT_LIMIT
  return {
    kind,
    big,
    highlight: !big && kind !== 'text',
    inWorker: kind === 'json' && text.length > WORKER_MIN,
    previewEnd: big ? previewCut(text, PREVIEW_CHARS) : text.length,
  }
}

/** previewCut ends a preview at the last line end within limit when there is one in its last quarter, else at limit. */
export function previewCut(text: string, limit: number): number {
  if (text.length <= limit) {
    return text.length
  }
  const nl = text.lastIndexOf('\n', limit)
  return nl >= limit * 0.75 ? nl + 1 : limit
}

/**
 * prettyJSON indents JSON text by two spaces without parsing it into values, so numbers and
 * strings keep their exact text (a 19-digit id stays exact, 1.50 stays 1.50, escapes stay as
 * they came). It returns null when the text is not valid JSON.
 */
export function prettyJSON(text: string): string | null {
  try {
    JSON.parse(text)
  } catch {
    return null
  }
  return indentJSON(text)
}

/**
 * indentJSON re-indents text that is known to be valid JSON. It writes UTF-16 code units into a
 * typed array and decodes it once: a 10 MiB body takes a few hundred milliseconds where string
 * concatenation took seconds. (A lone surrogate, which valid JSON text from the backend never
 * holds raw, would come out as U+FFFD.)
 */
export function indentJSON(text: string): string {
  const n = text.length
  let buf = new Uint16Array(n + (n >> 1) + 1024)
  let o = 0
  let depth = 0
  // Copied characters never outrun the input left to read; only inserted line breaks, indents
  // and spaces can, so room is checked where those are written.
  const room = (i: number, extra: number) => {
    const need = o + (n - i) + extra
    if (need > buf.length) {
      const grown = new Uint16Array(Math.max(need, Math.floor(buf.length * 1.5)))
      grown.set(buf.subarray(0, o))
      buf = grown
    }
  }
  const newline = (i: number) => {
    room(i, 1 + depth * 2)
    buf[o++] = 0x0a
    for (let k = depth * 2; k > 0; k--) buf[o++] = 0x20
  }
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    switch (c) {
      case 0x22: {
        // A string: copied whole, escapes included.
        buf[o++] = c
        let j = i + 1
        for (; j < n; j++) {
          const d = text.charCodeAt(j)
          buf[o++] = d
          if (d === 0x5c) {
            j++
            buf[o++] = text.charCodeAt(j)
          } else if (d === 0x22) {
            break
          }
        }
        i = j
        break
      }
      case 0x7b: // {
      case 0x5b: {
        // [ — an empty object or array stays on one line.
        let j = i + 1
        while (j < n && isSpace(text.charCodeAt(j))) j++
        buf[o++] = c
        const close = c === 0x7b ? 0x7d : 0x5d
        if (text.charCodeAt(j) === close) {
          buf[o++] = close
          i = j
          break
        }
        depth++
        newline(i)
        break
      }
      case 0x7d: // }
      case 0x5d: // ]
        depth--
        newline(i)
        buf[o++] = c
        break
      case 0x2c: // ,
        buf[o++] = c
        newline(i)
        break
      case 0x3a: // :
        room(i, 1)
        buf[o++] = c
        buf[o++] = 0x20
        break
      case 0x20:
      case 0x09:
      case 0x0a:
      case 0x0d:
        break
      default:
        // Numbers, true, false, null: copied.
        buf[o++] = c
    }
  }
  return new TextDecoder('utf-16le').decode(buf.subarray(0, o))
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d
}

/**
 * Rows of a text for the virtual list: a row is a line, or a ROW_CHARS piece of a longer line.
 * starts/ends index the text (the line end excluded); line is the 1-based line number of a
 * row that starts a line, 0 for a continuation.
 */
export interface Rows {
  starts: Uint32Array
  ends: Uint32Array
  line: Uint32Array
  count: number
}

/** textRows cuts text[0:end] into rows. */
export function textRows(text: string, end = text.length, width = ROW_CHARS): Rows {
  // One pass to count, one to fill: no intermediate arrays of 10 MiB bodies.
  let count = 0
  let lineStart = 0
  const rowsOf = (len: number) => Math.max(1, Math.ceil(len / width))
  // A line end at the very end starts no further (empty) line.
  const last = end > 0 && text.charCodeAt(end - 1) === 0x0a ? end - 1 : end
  for (let i = 0; i <= last; i++) {
    if (i === last || text.charCodeAt(i) === 0x0a) {
      count += rowsOf(i - lineStart)
      lineStart = i + 1
      if (i === last) break
    }
  }
  const starts = new Uint32Array(count)
  const ends = new Uint32Array(count)
  const line = new Uint32Array(count)
  let r = 0
  let lineNo = 1
  lineStart = 0
  for (let i = 0; i <= last; i++) {
    if (i === last || text.charCodeAt(i) === 0x0a) {
      let lineEnd = i
      if (lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 0x0d) lineEnd--
      let s = lineStart
      do {
        starts[r] = s
        ends[r] = Math.min(s + width, lineEnd)
        line[r] = s === lineStart ? lineNo : 0
        r++
        s += width
      } while (s < lineEnd)
      lineNo++
      lineStart = i + 1
      if (i === last) break
    }
  }
  return { starts, ends, line, count: r }
}

/** formatBytes shows a size: "512 B", "12.3 KB", "10.0 MB" (1024-based). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 1024) {
    return `${Math.max(0, Math.round(n || 0))} B`
  }
  if (n < 1024 * 1024) {
    return `${(n / 1024).toFixed(1)} KB`
  }
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

/** utf8Length is the size of text in UTF-8 bytes, without encoding it. */
export function utf8Length(text: string): number {
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) n += 1
    else if (c < 0x800) n += 2
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4
      i++
    } else n += 3
  }
  return n
}
