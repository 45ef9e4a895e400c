import { describe, expect, it } from 'vitest'
import { runInputs } from './runInputs'

describe("a run's inputs", () => {
  it('take their types from the flow and leave empty ones to their defaults', () => {
    const params = [
      { name: 'n', type: 'integer' },
      { name: 'on', type: 'boolean' },
      { name: 'ids', type: 'array' },
      { name: 's', type: 'string' },
      { name: 'empty', type: 'string' },
    ] as never
    expect(runInputs(params, { n: '3', on: 'true', ids: '[1,2]', s: '007', empty: '' })).toEqual({ n: 3, on: true, ids: [1, 2], s: '007' })
  })
})
