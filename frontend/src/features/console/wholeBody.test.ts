import { describe, expect, it } from 'vitest'
import type { BodyChunk } from '@/api/console'
import { utf8Length } from './body'
import { CHUNK_BYTES, loadWholeBody } from './wholeBody'

// A fake backend over a body: byte offsets into its UTF-8 encoding, cut between characters.
function backend(body: string) {
  const bytes = new TextEncoder().encode(body)
  const calls: [number, number][] = []
  const fetchChunk = async (_id: string, offset: number, limit: number): Promise<BodyChunk> => {
    calls.push([offset, limit])
    let end = Math.min(bytes.length, offset + limit)
    while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end--
    return { text: new TextDecoder().decode(bytes.subarray(offset, end)), next: end, done: end >= bytes.length }
  }
  return { fetchChunk, calls, total: bytes.length }
}

describe('loadWholeBody', () => {
  const body = '{"name":"中文"}'.repeat(150_000) // about 2.3 MB

  it('appends the chunks after the preview, in order, with progress', async () => {
    const b = backend(body)
    const preview = body.slice(0, 100_000)
    const progress: number[] = []
    const whole = await loadWholeBody('h1', preview, b.total, { fetchChunk: b.fetchChunk, onProgress: (n) => progress.push(n) })
    expect(whole).toBe(body)
    expect(b.calls[0]).toEqual([utf8Length(preview), CHUNK_BYTES])
    expect(progress[0]).toBe(utf8Length(preview))
    expect(progress.at(-1)).toBe(b.total)
    expect(progress).toEqual([...progress].sort((x, y) => x - y))
  })

  it('stops when cancelled', async () => {
    const b = backend(body)
    let n = 0
    const whole = await loadWholeBody('h1', '', b.total, { fetchChunk: b.fetchChunk, cancelled: () => ++n > 2 })
    expect(whole).toBeNull()
    expect(b.calls).toHaveLength(2)
  })

  it('does nothing when the preview is the whole body', async () => {
    const b = backend('ok')
    expect(await loadWholeBody('h1', 'ok', 2, { fetchChunk: b.fetchChunk })).toBe('ok')
    expect(b.calls).toHaveLength(0)
  })
})
