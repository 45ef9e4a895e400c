// The flow editor's draft: what the form edits, with ids for rows and steps,
// and its conversion from and to the backend's FlowInput. Mapped step inputs
// are held as text (a template or a literal); a literal of another JSON type
// read from the flow is sent back as it was unless its text changed.
import type { FlowInput, FlowView, FlowStep, Trigger, TriggerType } from '@/api/flows'
import type { ParamType } from '@/api/interfaces'
import { fromCondTree, newGroup, toCondTree, type CondGroup } from '@/features/interfaces/condition'
import { newId } from '@/features/interfaces/model'
import { intervalSeconds, splitInterval, type IntervalUnit } from './trigger'

export interface InputRow {
  id: string
  name: string
  type: ParamType
  required: boolean
  /** The default as JSON text ("" for none). */
  defaultText: string
}

export interface StepDraft {
  id: string
  key: string
  name: string
  connector: string
  iface: string
  connection: string
  account: string
  /** Interface input name -> template or literal text. */
  inputs: Record<string, string>
  /** The non-text literals read from the flow, by input name. */
  literals: Record<string, unknown>
  runIfOn: boolean
  runIf: CondGroup
  forEach: string
  concurrency: number
  retryOn: boolean
  attempts: number
  backoffMs: number
  onFailure: 'stop' | 'continue'
}

export interface OutputRow {
  id: string
  name: string
  value: string
}

export interface TriggerDraft {
  type: TriggerType
  n: number
  unit: IntervalUnit
  cron: string
  timezone: string
}

export interface FlowDraft {
  key: string
  name: string
  description: string
  trigger: TriggerDraft
  inputs: InputRow[]
  steps: StepDraft[]
  outputs: OutputRow[]
  timeoutSec: number
  overlap: 'skip' | 'queue'
  catchUp: 'skip' | 'once'
  catchUpWindowSec: number
}

export function newStep(key: string): StepDraft {
  return {
    id: newId('s'),
    key,
    name: '',
    connector: '',
    iface: '',
    connection: '',
    account: '',
    inputs: {},
    literals: {},
    runIfOn: false,
    runIf: newGroup('all'),
    forEach: '',
    concurrency: 1,
    retryOn: false,
    attempts: 3,
    backoffMs: 500,
    onFailure: 'stop',
  }
}

export function newDraft(): FlowDraft {
  return {
    key: '',
    name: '',
    description: '',
    trigger: { type: 'manual', n: 5, unit: 'minute', cron: '0 9 * * *', timezone: '' },
    inputs: [],
    steps: [],
    outputs: [],
    timeoutSec: 600,
    overlap: 'skip',
    catchUp: 'skip',
    catchUpWindowSec: 3600,
  }
}

/** nextStepKey is step1, step2 … the first not taken. */
export function nextStepKey(steps: readonly StepDraft[]): string {
  for (let i = steps.length + 1; ; i++) {
    const key = `step${i}`
    if (!steps.some((s) => s.key === key)) return key
  }
}

export function triggerOf(d: TriggerDraft): Trigger {
  if (d.type === 'interval') return { type: 'interval', everySec: intervalSeconds(d.n, d.unit) }
  if (d.type === 'cron') return d.timezone.trim() ? { type: 'cron', cron: d.cron.trim(), timezone: d.timezone.trim() } : { type: 'cron', cron: d.cron.trim() }
  return { type: 'manual' }
}

function triggerDraftOf(t: Trigger | null | undefined): TriggerDraft {
  const d = newDraft().trigger
  if (!t) return d
  d.type = (t.type as TriggerType) || 'manual'
  if (t.type === 'interval') Object.assign(d, splitInterval(t.everySec ?? 0))
  if (t.type === 'cron') {
    d.cron = t.cron ?? ''
    d.timezone = t.timezone ?? ''
  }
  return d
}

function parseDefault(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

function stepOf(s: StepDraft): FlowStep {
  const inputs: Record<string, unknown> = {}
  for (const [name, text] of Object.entries(s.inputs)) {
    if (text === '') continue
    const lit = s.literals[name]
    inputs[name] = lit !== undefined && JSON.stringify(lit) === text ? lit : text
  }
  const step: FlowStep = {
    key: s.key.trim(),
    name: s.name.trim(),
    invoke: s.connector && s.iface ? `${s.connector}/${s.iface}` : '',
    inputs,
    onFailure: s.onFailure,
  }
  if (s.connection) step.connection = s.connection
  if (s.account) step.account = s.account
  if (s.runIfOn && s.runIf.items.length) step.runIf = fromCondTree(s.runIf)
  if (s.forEach.trim()) {
    step.forEach = s.forEach.trim()
    step.concurrency = Math.max(1, s.concurrency || 1)
  }
  if (s.retryOn) step.retry = { attempts: s.attempts, backoffMs: s.backoffMs }
  return step
}

/** toInput is the draft as the backend takes it. */
export function toInput(d: FlowDraft): FlowInput {
  const outputs: Record<string, string> = {}
  for (const o of d.outputs) if (o.name.trim()) outputs[o.name.trim()] = o.value
  return {
    key: d.key.trim(),
    name: d.name.trim(),
    description: d.description.trim(),
    trigger: triggerOf(d.trigger),
    inputs: d.inputs.map((r) => {
      const p: FlowInput['inputs'][number] = { name: r.name.trim(), type: r.type, required: r.required, source: { kind: 'input' }, description: '' }
      if (r.defaultText.trim()) p.default = parseDefault(r.defaultText.trim())
      return p
    }),
    steps: d.steps.map(stepOf),
    outputs,
    timeoutSec: d.timeoutSec,
    overlap: d.overlap,
    catchUp: d.catchUp,
    catchUpWindowSec: d.catchUp === 'once' ? d.catchUpWindowSec : 0,
  }
}

/** fromView reads a stored flow into a draft. */
export function fromView(v: FlowView): FlowDraft {
  const d = newDraft()
  d.key = v.key
  d.name = v.name
  d.description = v.description ?? ''
  d.trigger = triggerDraftOf(v.trigger)
  d.inputs = (v.inputs ?? []).map((p) => ({
    id: newId('i'),
    name: p.name,
    type: (p.type as ParamType) || 'string',
    required: !!p.required,
    defaultText: p.default === undefined || p.default === null ? '' : JSON.stringify(p.default),
  }))
  d.steps = (v.steps ?? []).map((s) => {
    const [connector = '', iface = ''] = s.invoke.split('/')
    const st = newStep(s.key)
    Object.assign(st, { name: s.name ?? '', connector, iface, connection: s.connection ?? '', account: s.account ?? '', onFailure: s.onFailure === 'continue' ? 'continue' : 'stop' })
    for (const [name, val] of Object.entries(s.inputs ?? {})) {
      if (typeof val === 'string') {
        st.inputs[name] = val
      } else {
        st.inputs[name] = JSON.stringify(val)
        st.literals[name] = val
      }
    }
    if (s.runIf && (s.runIf.all || s.runIf.any || s.runIf.field)) {
      st.runIfOn = true
      st.runIf = toCondTree(s.runIf)
    }
    st.forEach = s.forEach ?? ''
    st.concurrency = s.concurrency || 1
    if (s.retry) Object.assign(st, { retryOn: true, attempts: s.retry.attempts, backoffMs: s.retry.backoffMs })
    return st
  })
  d.outputs = Object.entries(v.outputs ?? {}).map(([name, value]) => ({ id: newId('o'), name, value }))
  d.timeoutSec = v.timeoutSec || 600
  d.overlap = v.overlap === 'queue' ? 'queue' : 'skip'
  d.catchUp = v.catchUp === 'once' ? 'once' : 'skip'
  d.catchUpWindowSec = v.catchUpWindowSec || 3600
  return d
}

/** Where a validation error's field path points in the editor. */
export interface ErrorTarget {
  /** The step's index, for steps[i]…; null for the flow's own fields. */
  step: number | null
  /** The rest of the path: "inputs.code", "runIf.all[1].field", "trigger.cron", "key". */
  rest: string
}

/** errorTarget splits a backend field path: steps[1].inputs.code is step 1, inputs.code. */
export function errorTarget(field: string): ErrorTarget {
  const m = /^steps\[(\d+)\]\.?(.*)$/.exec(field)
  if (m) return { step: Number(m[1]), rest: m[2] ?? '' }
  return { step: null, rest: field }
}
