import { describe, expect, it } from 'vitest'
import type { FlowRunView } from '@/api/flows'
import { applyEvent, progressFrom, type StepProgress } from './useFlowRun'

const flow = { steps: [{ key: 'code' }, { key: 'token' }, { key: 'departments' }] } as never

const ev = (e: Partial<import('@/api').FlowRunEvent>) => ({ runId: 'r1', flow: 'f', phase: 'step', step: '', item: -1, attempt: 1, status: 200, verdict: 'ok', message: '', totalMs: 1, ...e }) as import('@/api').FlowRunEvent

describe("a run's steps", () => {
  it('come from the run answer alone: the failed step red with its message, the ones after it not run', () => {
    const run = {
      runId: 'r1',
      verdict: 'unmet',
      reused: [],
      steps: [
        { key: 'code', verdict: 'ok', attempts: 1, status: 200, message: '', items: [] },
        { key: 'token', verdict: 'unmet', attempts: 1, status: 401, message: 'invalid app key or app secret', items: [] },
      ],
    } as unknown as FlowRunView
    expect(progressFrom(flow, run).map((s) => [s.key, s.state, s.message])).toEqual([
      ['code', 'ok', ''],
      ['token', 'unmet', 'invalid app key or app secret'],
      ['departments', 'notRun', ''],
    ])
  })

  it('mark the steps a re-run from the failed step reused', () => {
    const run = { runId: 'r2', verdict: 'ok', reused: ['code'], steps: [{ key: 'code', verdict: 'ok' }, { key: 'token', verdict: 'ok' }, { key: 'departments', verdict: 'ok' }] } as unknown as FlowRunView
    expect(progressFrom(flow, run).map((s) => s.state)).toEqual(['reused', 'ok', 'ok'])
  })

  it('move on by the events: started runs the first, an ok step runs the next, a failed attempt stays running (a retry may follow)', () => {
    const steps: StepProgress[] = ['code', 'token', 'departments'].map((key) => ({ key, state: 'pending', message: '', status: 0, attempts: 0, items: 0 }))
    applyEvent(steps, ev({ phase: 'started' }))
    expect(steps.map((s) => s.state)).toEqual(['running', 'pending', 'pending'])
    applyEvent(steps, ev({ step: 'code' }))
    expect(steps.map((s) => s.state)).toEqual(['ok', 'running', 'pending'])
    applyEvent(steps, ev({ step: 'token', verdict: 'error', status: 503, message: 'down', attempt: 1 }))
    expect(steps[1]).toMatchObject({ state: 'running', status: 503, message: 'down', attempts: 1 })
    applyEvent(steps, ev({ step: 'token', attempt: 2 }))
    expect(steps.map((s) => s.state)).toEqual(['ok', 'ok', 'running'])
    expect(steps[1]!.attempts).toBe(2)
  })
})
