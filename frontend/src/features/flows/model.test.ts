import { describe, expect, it } from 'vitest'
import type { FlowView } from '@/api/flows'
import { errorTarget, fromView, newDraft, newStep, nextStepKey, toInput } from './model'

const view = {
  id: 'f1',
  key: 'sync-departments',
  name: 'Sync departments',
  description: '',
  owner: 'alice',
  enabled: true,
  trigger: { type: 'cron', cron: '0 9 * * *', timezone: 'Asia/Shanghai' },
  stepCount: 3,
  revision: 2,
  updatedAt: '',
  nextRunAt: null,
  lastVerdict: '',
  access: { level: 'maintain', canManage: true, canDelete: true },
  inputs: [{ name: 'dept', type: 'integer', required: false, source: { kind: 'input' }, default: 1, description: '' }],
  steps: [
    { key: 'code', name: '', invoke: 'open-platform/get-code', inputs: {}, onFailure: 'stop' },
    {
      key: 'token',
      name: 'Token',
      invoke: 'open-platform/get-token',
      inputs: { code: '{{steps.code.outputs.code}}', limit: 10 },
      runIf: { all: [{ field: 'steps.code.status', op: 'eq', value: 200 }] },
      retry: { attempts: 3, backoffMs: 500 },
      onFailure: 'continue',
    },
    { key: 'departments', name: '', invoke: 'open-platform/list-departments', connection: 'prod', inputs: { Authorization: 'Bearer {{steps.token.outputs.token}}' }, forEach: '{{input.ids}}', concurrency: 2, onFailure: 'stop' },
  ],
  outputs: { departments: '{{steps.departments.outputs.departments}}' },
  timeoutSec: 120,
  overlap: 'queue',
  catchUp: 'once',
  catchUpWindowSec: 600,
  createdAt: '',
  createdBy: 'alice',
  updatedBy: 'alice',
} as unknown as FlowView

describe('the flow editor draft', () => {
  it('reads a flow and gives it back unchanged', () => {
    const input = toInput(fromView(view))
    expect(input.trigger).toEqual({ type: 'cron', cron: '0 9 * * *', timezone: 'Asia/Shanghai' })
    expect(input.inputs).toEqual([{ name: 'dept', type: 'integer', required: false, source: { kind: 'input' }, default: 1, description: '' }])
    expect(input.steps).toEqual([
      { key: 'code', name: '', invoke: 'open-platform/get-code', inputs: {}, onFailure: 'stop' },
      {
        key: 'token',
        name: 'Token',
        invoke: 'open-platform/get-token',
        // The literal 10 stays a number: its text was not changed.
        inputs: { code: '{{steps.code.outputs.code}}', limit: 10 },
        runIf: { all: [{ field: 'steps.code.status', op: 'eq', value: 200 }] },
        retry: { attempts: 3, backoffMs: 500 },
        onFailure: 'continue',
      },
      { key: 'departments', name: '', invoke: 'open-platform/list-departments', connection: 'prod', inputs: { Authorization: 'Bearer {{steps.token.outputs.token}}' }, forEach: '{{input.ids}}', concurrency: 2, onFailure: 'stop' },
    ])
    expect(input.outputs).toEqual(view.outputs)
    expect([input.timeoutSec, input.overlap, input.catchUp, input.catchUpWindowSec]).toEqual([120, 'queue', 'once', 600])
  })

  it('sends an interval in seconds, leaves unmapped inputs out, and no runIf when it is off', () => {
    const d = newDraft()
    d.key = ' k '
    d.name = 'N'
    d.trigger.type = 'interval'
    d.trigger.n = 5
    d.trigger.unit = 'minute'
    const s = newStep('a')
    s.connector = 'c'
    s.iface = 'i'
    s.inputs = { x: '', y: 'literal' }
    s.runIf.items.push({ id: 'r', kind: 'rule', field: 'input.x', op: 'eq', value: '1', list: [] })
    d.steps = [s]
    const input = toInput(d)
    expect(input.key).toBe('k')
    expect(input.trigger).toEqual({ type: 'interval', everySec: 300 })
    expect(input.steps[0]).toEqual({ key: 'a', name: '', invoke: 'c/i', inputs: { y: 'literal' }, onFailure: 'stop' })
    expect(input.catchUpWindowSec).toBe(0)
  })

  it('names new steps step1, step2 … skipping taken keys', () => {
    expect(nextStepKey([])).toBe('step1')
    expect(nextStepKey([newStep('step2')])).toBe('step3')
    expect(nextStepKey([newStep('a'), newStep('step3')])).toBe('step4')
  })

  it("points a server error's field path at its step and field", () => {
    expect(errorTarget('steps[1].inputs.code')).toEqual({ step: 1, rest: 'inputs.code' })
    expect(errorTarget('steps[0].runIf.all[1].field')).toEqual({ step: 0, rest: 'runIf.all[1].field' })
    expect(errorTarget('steps[2]')).toEqual({ step: 2, rest: '' })
    expect(errorTarget('trigger.cron')).toEqual({ step: null, rest: 'trigger.cron' })
  })
})
