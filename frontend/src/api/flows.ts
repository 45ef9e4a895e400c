// The 动作流 pages' calls of the app/ facade (struct Flows) and the shapes of
// a flow, a run and its record, from the generated models. time.Time fields
// the generator leaves untyped arrive as RFC 3339 text.
import type { domain, service } from '@wails/go/models'
import { call, cancellable } from './transport'
import type { Data, Timestamp } from './types'

type Stamped<T, K extends keyof T> = Omit<T, K> & { [P in K]: undefined extends T[P] ? Timestamp | null : Timestamp }

export type Trigger = Data<domain.Trigger>
export type TriggerType = 'manual' | 'interval' | 'cron'
export type FlowStep = Data<domain.Step>
export type FlowParam = Data<domain.Param>
export type FlowInput = Data<service.FlowInput>
export type FlowSummary = Data<service.FlowSummary>
export type FlowView = Data<service.FlowView>
export type FlowRunInput = Omit<Data<service.FlowRunInput>, 'scheduledAt' | 'trigger'>
export type FlowStepView = Data<service.FlowStepView>
export type FlowRunView = Data<service.FlowRunView>
/** One line of a flow's 运行记录 (service.FlowRunRow). */
export type FlowRunRow = Stamped<Data<service.FlowRunRow>, 'scheduledAt' | 'startedAt'>
export type FlowRunDetail = Data<service.FlowRunDetail>
export type FlowStepRecord = Data<service.FlowStepRecord>
export type SchedulerStatus = Stamped<Data<service.SchedulerStatus>, 'since' | 'expiresAt'>

/** The verdicts of a run or a step: a call's, and skipped and cancelled. */
export type RunVerdict = 'ok' | 'unmet' | 'timeout' | 'error' | 'skipped' | 'cancelled'

export const flowApi = {
  list: async (): Promise<FlowSummary[]> => (await call('Flows', 'List')) ?? [],
  get: (key: string) => call('Flows', 'Get', key),
  create: (input: FlowInput) => call('Flows', 'Create', input),
  update: (key: string, input: FlowInput) => call('Flows', 'Update', key, input),
  remove: (key: string) => call('Flows', 'Delete', key),
  enable: (key: string) => call('Flows', 'Enable', key),
  disable: (key: string) => call('Flows', 'Disable', key),
  /** Runs the flow and waits for its end; aborting signal cancels the run (it ends cancelled). */
  run: (key: string, input: FlowRunInput, signal = new AbortController().signal) =>
    cancellable(signal, 'Flows', 'Run', key, input as Data<service.FlowRunInput>),
  /** Runs an ended run's flow again; fromFailed reuses the steps before the one that failed. */
  rerun: (runId: string, fromFailed: boolean, signal = new AbortController().signal) =>
    cancellable(signal, 'Flows', 'Rerun', runId, fromFailed),
  history: async (key: string, limit = 100): Promise<FlowRunRow[]> =>
    ((await call('Flows', 'History', key, limit)) ?? []) as unknown as FlowRunRow[],
  runDetail: (runId: string) => call('Flows', 'RunDetail', runId),
  /** The next n fire times of a trigger from now; a bad trigger is a validation error at its field. */
  nextFires: async (trigger: Trigger, n = 5): Promise<Timestamp[]> =>
    ((await call('Flows', 'NextFires', trigger, n)) ?? []) as unknown as Timestamp[],
  cancel: (runId: string) => call('Flows', 'Cancel', runId),
  scheduler: async (): Promise<SchedulerStatus> => (await call('Flows', 'Scheduler')) as unknown as SchedulerStatus,
}
