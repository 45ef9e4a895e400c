import { describe, expect, it } from 'vitest'
import { formatMs, segments } from './timing'

const shares = (s: ReturnType<typeof segments>) => Object.fromEntries(s.map((x) => [x.phase, Number(x.share.toFixed(4))]))
const ms = (s: ReturnType<typeof segments>) => Object.fromEntries(s.map((x) => [x.phase, x.ms]))

describe('segments', () => {
  it('splits a fresh https call into proportional phases', () => {
    // 10 DNS + 20 connect + 30 TLS, first byte at 100 (40 waiting), 200 in all (100 reading).
    const s = segments({ dnsMs: 10, connectMs: 20, tlsMs: 30, firstByteMs: 100, totalMs: 200 })
    expect(ms(s)).toEqual({ dns: 10, connect: 20, tls: 30, wait: 40, download: 100 })
    expect(shares(s)).toEqual({ dns: 0.05, connect: 0.1, tls: 0.15, wait: 0.2, download: 0.5 })
    expect(s.reduce((a, x) => a + x.share, 0)).toBeCloseTo(1, 10)
  })

  it('has no setup phases on a reused connection', () => {
    const s = segments({ dnsMs: 0, connectMs: 0, tlsMs: 0, firstByteMs: 3, totalMs: 4 })
    expect(shares(s)).toEqual({ dns: 0, connect: 0, tls: 0, wait: 0.75, download: 0.25 })
  })

  it('counts everything after the handshakes as waiting when no answer came', () => {
    const s = segments({ dnsMs: 1, connectMs: 2, tlsMs: 0, firstByteMs: 0, totalMs: 3000 })
    expect(ms(s)).toEqual({ dns: 1, connect: 2, tls: 0, wait: 2997, download: 0 })
  })

  it('scales to the phases when they add up to more than the total', () => {
    const s = segments({ dnsMs: 30, connectMs: 30, tlsMs: 40, firstByteMs: 0, totalMs: 50 })
    expect(shares(s)).toEqual({ dns: 0.3, connect: 0.3, tls: 0.4, wait: 0, download: 0 })
  })

  it('is empty for a call that took no measurable time, or no timing at all', () => {
    expect(segments({ dnsMs: 0, connectMs: 0, tlsMs: 0, firstByteMs: 0, totalMs: 0 }).every((x) => x.share === 0)).toBe(true)
    expect(segments(undefined).map((x) => x.ms)).toEqual([0, 0, 0, 0, 0])
  })
})

describe('formatMs', () => {
  it('chooses a precision by size', () => {
    expect(formatMs(0)).toBe('0 ms')
    expect(formatMs(0.4213)).toBe('0.42 ms')
    expect(formatMs(12.34)).toBe('12.3 ms')
    expect(formatMs(845.6)).toBe('846 ms')
    expect(formatMs(1240)).toBe('1.24 s')
  })
})
