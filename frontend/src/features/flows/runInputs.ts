// The run panel's form of a flow's inputs: typed text in, JSON values out.
import type { FlowParam } from '@/api/flows'

/** inputValue reads the text typed for an input of type; undefined leaves it out (its default applies). */
export function inputValue(type: string, text: string): unknown {
  if (text === '') return undefined
  switch (type) {
    case 'number':
    case 'integer': {
      const n = Number(text)
      return Number.isNaN(n) ? text : n
    }
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text
    case 'object':
    case 'array':
      try {
        return JSON.parse(text) as unknown
      } catch {
        return text
      }
    default:
      return text
  }
}

/** runInputs builds a run's inputs from the texts typed, by the flow's input params. */
export function runInputs(params: readonly FlowParam[], texts: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const p of params) {
    const v = inputValue(p.type, texts[p.name] ?? '')
    if (v !== undefined) out[p.name] = v
  }
  return out
}
