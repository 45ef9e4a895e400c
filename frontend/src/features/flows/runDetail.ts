// A recorded run as the 运行记录 page shows it: each step's state from its
// attempts, and one attempt as the test console's result panel reads a call.
import type { FlowRunDetail, FlowStep, FlowStepRecord } from '@/api/flows'
import type { Verdict } from '@/api/console'
import type { CallView } from '@/features/console/callView'
import type { StepProgress, StepState } from './useFlowRun'

/** stepKeys are the run's steps in the flow's order, and any the flow no longer has after them. */
export function stepKeys(defs: readonly FlowStep[], d: FlowRunDetail): string[] {
  const keys = defs.map((s) => s.key)
  for (const a of d.attempts ?? []) if (!keys.includes(a.step)) keys.push(a.step)
  for (const k of d.reused ?? []) if (!keys.includes(k)) keys.push(k)
  return keys
}

/** progressOfDetail is each step's state: reused, not run, or its last attempt's verdict (a forEach step's worst item). */
export function progressOfDetail(defs: readonly FlowStep[], d: FlowRunDetail): StepProgress[] {
  const reused = new Set(d.reused ?? [])
  return stepKeys(defs, d).map((key) => {
    if (reused.has(key)) return { key, state: 'reused', message: '', status: 0, attempts: 0, items: 0 }
    const mine = (d.attempts ?? []).filter((a) => a.step === key)
    if (!mine.length) return { key, state: 'notRun', message: '', status: 0, attempts: 0, items: 0 }
    const lastOf = new Map<number, FlowStepRecord>()
    for (const a of mine) lastOf.set(a.item, a)
    const lasts = [...lastOf.values()]
    const worst = lasts.find((a) => a.verdict !== 'ok') ?? lasts[lasts.length - 1]!
    return {
      key,
      state: worst.verdict as StepState,
      message: worst.message,
      status: worst.status,
      attempts: Math.max(...mine.map((a) => a.attempt)),
      items: lasts.filter((a) => a.item >= 0).length,
    }
  })
}

/** callViewOf reads one recorded attempt as the console's result panel shows a call. */
export function callViewOf(
  d: FlowRunDetail,
  a: FlowStepRecord,
  def: FlowStep | undefined,
  index: number,
  defaults: { connection: string; account: string },
): CallView {
  const resp = a.response ?? ({} as FlowStepRecord['response'])
  return {
    historyId: `${d.runId}-${index}`,
    source: 'live',
    at: a.startedAt,
    actor: d.actor,
    kind: 'flow',
    connection: def?.connection || defaults.connection,
    account: def?.account || defaults.account,
    verdict: a.verdict as Verdict,
    message: a.message,
    // An ok call's message is the stock one, said in the UI's language.
    defaultMessage: a.verdict === 'ok' || !a.message,
    messageNote: null,
    cause: { text: '' },
    status: a.status,
    timing: a.timing,
    notSent: !a.request?.url,
    tokenStep: null,
    request: { method: a.request?.method ?? '', url: a.request?.url ?? '', headers: a.request?.headers ?? {}, body: a.request?.body ?? '' },
    response: {
      headers: resp.headers ?? {},
      body: resp.body ?? '',
      truncated: !!resp.truncated,
      capped: false,
      clipped: false,
      bodyBytes: 0,
      size: resp.size ?? 0,
      charset: resp.charset ?? '',
      contentType: resp.contentType ?? '',
      canViewAs: false,
    },
    outputs: a.outputs && typeof a.outputs === 'object' && !Array.isArray(a.outputs) ? (a.outputs as Record<string, unknown>) : {},
    notes: [],
    inputs: null,
    summary: null,
  }
}
