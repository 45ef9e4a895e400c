// The timing bar: where the time of a call went, as consecutive segments.
// The backend measures DNS, connect and TLS as durations and the first byte
// as the time from the start of the request to the first byte of the answer
// (so it contains the three before it); total is the whole call, a token
// fetch and a retry included.
import type { Timing } from '@/api/console'

export type Phase = 'dns' | 'connect' | 'tls' | 'wait' | 'download'
export const phases: Phase[] = ['dns', 'connect', 'tls', 'wait', 'download']

export interface Segment {
  phase: Phase
  ms: number
  /** The segment's share of the bar, 0..1; the shares add up to 1 when anything took time. */
  share: number
}

const nonNeg = (n: number | undefined) => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0)

/**
 * segments splits a call's time: dns, connect, tls as measured; wait, the rest up to the first
 * byte (the request going out and the server working); download, the rest of the call after the
 * first byte (the body, and the backend's decoding and judging). A call that got no answer has
 * no first byte: everything after the handshakes is wait. When the measured phases add up to more
 * than the total (redirect hops are summed), the bar is scaled to their sum.
 */
export function segments(t: Timing | null | undefined): Segment[] {
  const dns = nonNeg(t?.dnsMs)
  const connect = nonNeg(t?.connectMs)
  const tls = nonNeg(t?.tlsMs)
  const first = nonNeg(t?.firstByteMs)
  const total = nonNeg(t?.totalMs)
  const setup = dns + connect + tls
  const wait = first > 0 ? Math.max(0, first - setup) : Math.max(0, total - setup)
  const download = first > 0 ? Math.max(0, total - Math.max(first, setup)) : 0
  const ms: Record<Phase, number> = { dns, connect, tls, wait, download }
  const sum = phases.reduce((s, p) => s + ms[p], 0)
  return phases.map((phase) => ({ phase, ms: ms[phase], share: sum > 0 ? ms[phase] / sum : 0 }))
}

/** formatMs shows a duration: "0.42 ms", "12.3 ms", "845 ms", "1.24 s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) {
    return '0 ms'
  }
  if (ms < 1) {
    return `${ms.toFixed(2)} ms`
  }
  if (ms < 100) {
    return `${ms.toFixed(1)} ms`
  }
  if (ms < 1000) {
    return `${Math.round(ms)} ms`
  }
  return `${(ms / 1000).toFixed(2)} s`
}
