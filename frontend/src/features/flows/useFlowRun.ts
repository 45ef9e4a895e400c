// One run as the run panel follows it: each step's state from the flow.run
// events while it runs (live progress), then from the run's own answer, which
// alone is enough (a build whose events do not arrive still shows the result).
import { computed, onBeforeUnmount, reactive, ref, shallowRef } from 'vue'
import { backendEvents, flowApi, subscribe, toApiError, type ApiError, type FlowRunEvent } from '@/api'
import type { FlowRunView, FlowView } from '@/api/flows'

export type StepState = 'pending' | 'running' | 'notRun' | 'reused' | 'ok' | 'unmet' | 'timeout' | 'error' | 'skipped' | 'cancelled'

export interface StepProgress {
  key: string
  state: StepState
  message: string
  status: number
  attempts: number
  /** forEach items ended so far. */
  items: number
}

/** progressFrom reads the steps' states off a run's answer: steps it never reached did not run. */
export function progressFrom(flow: Pick<FlowView, 'steps'>, run: FlowRunView): StepProgress[] {
  const reused = new Set(run.reused ?? [])
  return (flow.steps ?? []).map((s) => {
    const got = (run.steps ?? []).find((v) => v.key === s.key)
    if (reused.has(s.key)) return { key: s.key, state: 'reused', message: '', status: 0, attempts: 0, items: 0 }
    if (!got) return { key: s.key, state: 'notRun', message: '', status: 0, attempts: 0, items: 0 }
    return {
      key: s.key,
      state: (got.verdict || 'error') as StepState,
      message: got.message ?? '',
      status: got.status ?? 0,
      attempts: got.attempts ?? 0,
      items: got.items?.length ?? 0,
    }
  })
}

/** applyEvent moves the steps on by one flow.run event of the run. */
export function applyEvent(steps: StepProgress[], e: FlowRunEvent) {
  if (e.phase === 'started') {
    const first = steps.find((s) => s.state === 'pending')
    if (first) first.state = 'running'
    return
  }
  if (e.phase !== 'step') return
  const at = steps.findIndex((s) => s.key === e.step)
  const s = steps[at]
  if (!s) return
  s.attempts = Math.max(s.attempts, e.attempt)
  s.status = e.status
  s.message = e.message
  if (e.item >= 0) s.items += 1
  // A failed attempt may be retried: the step stays running until the next step starts or the run ends.
  s.state = e.verdict === 'ok' && e.item < 0 ? 'ok' : 'running'
  if (s.state === 'ok') {
    const next = steps.slice(at + 1).find((n) => n.state === 'pending')
    if (next) next.state = 'running'
  }
}

export function useFlowRun() {
  const steps = ref<StepProgress[]>([])
  const result = shallowRef<FlowRunView | null>(null)
  const error = shallowRef<ApiError | null>(null)
  const running = ref(false)
  /** The run's call was cancelled before it answered (its record ends cancelled). */
  const cancelled = ref(false)
  const runId = ref('')
  const startedAt = ref(0)
  const now = ref(Date.now())
  let ctl: AbortController | null = null
  let off: (() => void) | null = null
  let tick: ReturnType<typeof setInterval> | null = null

  const elapsedMs = computed(() => (running.value ? now.value - startedAt.value : (result.value?.timing.totalMs ?? 0)))

  function stop() {
    off?.()
    off = null
    if (tick) clearInterval(tick)
    tick = null
    running.value = false
  }
  onBeforeUnmount(() => {
    stop()
    ctl?.abort()
  })

  async function follow(flow: FlowView, reuse: readonly string[], start: (signal: AbortSignal) => Promise<FlowRunView>) {
    if (running.value) return
    const live = reactive(
      (flow.steps ?? []).map<StepProgress>((s) => ({
        key: s.key,
        state: reuse.includes(s.key) ? 'reused' : 'pending',
        message: '',
        status: 0,
        attempts: 0,
        items: 0,
      })),
    )
    steps.value = live
    result.value = null
    error.value = null
    cancelled.value = false
    runId.value = ''
    running.value = true
    startedAt.value = Date.now()
    now.value = startedAt.value
    tick = setInterval(() => (now.value = Date.now()), 100)
    ctl = new AbortController()
    off = subscribe(backendEvents.flowRun, (data) => {
      const e = data as FlowRunEvent
      if (e.flow !== flow.key) return
      if (!runId.value && e.phase === 'started') runId.value = e.runId
      if (e.runId === runId.value) applyEvent(live, e)
    })
    try {
      const run = await start(ctl.signal)
      result.value = run
      runId.value = run.runId
      steps.value = progressFrom(flow, run)
    } catch (e) {
      if (!ctl.signal.aborted) {
        error.value = toApiError(e)
      } else {
        cancelled.value = true
        for (const s of live) if (s.state === 'running' || s.state === 'pending') s.state = s.state === 'running' ? 'cancelled' : 'notRun'
      }
    } finally {
      stop()
    }
  }

  return {
    steps,
    result,
    error,
    running,
    cancelled,
    runId,
    elapsedMs,
    run: (flow: FlowView, inputs: Record<string, unknown>) => follow(flow, [], (signal) => flowApi.run(flow.key, { inputs }, signal)),
    rerun: (flow: FlowView, prevRunId: string, fromFailed: boolean, reuse: readonly string[] = []) =>
      follow(flow, reuse, (signal) => flowApi.rerun(prevRunId, fromFailed, signal)),
    /** Cancels the run: by its id when known (any door's run), and its call. */
    async cancel() {
      if (runId.value) {
        try {
          // The run ends cancelled and its answer comes back as usual.
          await flowApi.cancel(runId.value)
          return
        } catch {
          // This build cannot cancel by id: cancel the call instead.
        }
      }
      ctl?.abort()
    },
  }
}
