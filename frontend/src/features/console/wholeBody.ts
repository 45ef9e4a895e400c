// Fetching the rest of a big body. The console gets the first 256 KiB of a body
// with the result (app.Test); the rest crosses into the page only on "show
// all" (or copy, or a browser download), in chunks small enough that the
// window stays responsive between them.
import { consoleApi } from '@/api/console'
import { utf8Length } from './body'

/** Bytes asked for per call: big enough to finish 10 MiB in a few dozen calls, small enough to keep each short. */
export const CHUNK_BYTES = 512 * 1024

export interface LoadOptions {
  onProgress?: (loadedBytes: number, totalBytes: number) => void
  /** Asked before every chunk: true stops the load, which then answers null. */
  cancelled?: () => boolean
  fetchChunk?: typeof consoleApi.bodyChunk
}

/** loadWholeBody returns preview + the rest of the body of historyId (totalBytes long in UTF-8), or null when cancelled. */
export async function loadWholeBody(historyId: string, preview: string, totalBytes: number, opts: LoadOptions = {}): Promise<string | null> {
  const fetchChunk = opts.fetchChunk ?? consoleApi.bodyChunk
  const parts = [preview]
  let offset = utf8Length(preview)
  opts.onProgress?.(offset, totalBytes)
  while (offset < totalBytes) {
    if (opts.cancelled?.()) {
      return null
    }
    const c = await fetchChunk(historyId, offset, CHUNK_BYTES)
    if (c.next <= offset) {
      throw new Error(`the body stopped growing at byte ${offset} of ${totalBytes}`)
    }
    parts.push(c.text)
    offset = c.next
    opts.onProgress?.(offset, totalBytes)
    if (c.done) {
      break
    }
    // Let the window paint the progress between chunks.
    await new Promise((r) => setTimeout(r, 0))
  }
  return parts.join('')
}
