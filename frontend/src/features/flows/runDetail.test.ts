import { describe, expect, it } from 'vitest'
import type { FlowRunDetail, FlowStepRecord } from '@/api/flows'
import { callViewOf, progressOfDetail } from './runDetail'

const attempt = (step: string, extra: Partial<FlowStepRecord> = {}): FlowStepRecord => ({
  step,
  item: -1,
  attempt: 1,
  verdict: 'ok',
  message: '',
  status: 200,
  request: { method: 'GET', url: 'http://127.0.0.1/x', headers: { Authorization: '***' }, body: '' },
  response: { headers: { 'Content-Type': 'application/json' }, body: '{"ok":true}', truncated: false, size: 11, charset: 'UTF-8', contentType: 'application/json' },
  outputs: { code: 'c1' },
  timing: { totalMs: 12.5, dnsMs: 0.1, connectMs: 0.2, tlsMs: 0, firstByteMs: 11 },
  startedAt: '2026-12-04T10:00:00Z',
  totalMs: 12.5,
  ...extra,
})

const detail = (attempts: FlowStepRecord[], reused: string[] = []) =>
  ({ runId: 'r1', flow: 'f', actor: 'alice', verdict: 'ok', attempts, reused, inputs: {}, outputs: {} }) as unknown as FlowRunDetail

const defs = [{ key: 'code' }, { key: 'token' }, { key: 'departments' }] as never

describe("a recorded run's steps", () => {
  it('take their last attempt, reused and not-run steps marked', () => {
    const d = detail([attempt('token', { attempt: 1, verdict: 'error', status: 503 }), attempt('token', { attempt: 2 })], ['code'])
    expect(progressOfDetail(defs, d).map((p) => [p.key, p.state, p.attempts])).toEqual([
      ['code', 'reused', 0],
      ['token', 'ok', 2],
      ['departments', 'notRun', 0],
    ])
  })

  it("a forEach step is its worst item's verdict, with the items counted", () => {
    const d = detail([attempt('code'), attempt('token', { item: 0 }), attempt('token', { item: 1, verdict: 'unmet', message: 'no' }), attempt('token', { item: 2 })])
    expect(progressOfDetail(defs, d)[1]).toMatchObject({ state: 'unmet', message: 'no', items: 3 })
  })

  it('an attempt reads as the console panel shows a call: request as sent, response, outputs, timing', () => {
    const v = callViewOf(detail([]), attempt('code'), { key: 'code', connection: 'prod' } as never, 0, { connection: 'its own', account: 'default' })
    expect(v.request.headers).toEqual({ Authorization: '***' })
    expect(v.response.body).toBe('{"ok":true}')
    expect(v.response.canViewAs).toBe(false)
    expect(v.outputs).toEqual({ code: 'c1' })
    expect(v.timing).toEqual({ totalMs: 12.5, dnsMs: 0.1, connectMs: 0.2, tlsMs: 0, firstByteMs: 11 })
    expect(v.connection).toBe('prod')
    expect(v.account).toBe('default')
    expect(v.defaultMessage).toBe(true)
    expect(v.notSent).toBe(false)
    expect(callViewOf(detail([]), attempt('x', { request: { method: '', url: '', headers: {}, body: '' } }), undefined, 1, { connection: '', account: '' }).notSent).toBe(true)
  })
})
