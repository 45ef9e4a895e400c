// The settings form's rules, the same as backend/service/settings.go checks,
// and the whole-number range check other forms' number fields share.

/**
 * rangeProblem says what is wrong with a whole number that must lie in
 * [min, max]: 'required' when it is empty, 'range' when it is out of range or
 * a fraction, null when it is fine. Number inputs keep no min/max of their
 * own (they would clamp silently); the form shows this instead.
 */
export function rangeProblem(value: number | null | undefined, min: number, max: number): 'required' | 'range' | null {
  if (value === null || value === undefined || Number.isNaN(value)) return 'required'
  if (!Number.isInteger(value) || value < min || value > max) return 'range'
  return null
}

/**
 * rangeError makes a field's check: the i18n key of what is wrong with a
 * whole number that must lie in [min, max] (errors.required, else invalid),
 * or null when it is fine.
 */
function rangeError(invalid: string, min: number, max: number): (value: number | null | undefined) => string | null {
  return (value) => {
    const p = rangeProblem(value, min, max)
    return p === 'required' ? 'errors.required' : p ? invalid : null
  }
}

export const bodyCapMin = 1
export const bodyCapMax = 100
export const bodyCapDefault = 10

/** bodyCapError is the i18n key of what is wrong with a body cap in MB, or null when it is fine. */
export const bodyCapError = rangeError('settings.invoke.invalid', bodyCapMin, bodyCapMax)

export const historyMin = 10
export const historyMax = 10000
export const historyDefault = 200

/** historyLimitError is the i18n key of what is wrong with a history limit, or null when it is fine. */
export const historyLimitError = rangeError('settings.invoke.historyInvalid', historyMin, historyMax)

export const flowRunsMin = 1
export const flowRunsMax = 100000
export const flowRunsDefault = 500

/** flowRunsKeptError is the i18n key of what is wrong with the flow runs kept per flow, or null when it is fine. */
export const flowRunsKeptError = rangeError('settings.invoke.flowRunsInvalid', flowRunsMin, flowRunsMax)

export interface SettingsForm {
  bodyCapMB: number | null
  historyLimit: number | null
  flowRunsKept: number | null
}

/** validateSettings returns the errors by field; an empty object means the form may be saved. */
export function validateSettings(form: SettingsForm): Partial<Record<keyof SettingsForm, string>> {
  const out: Partial<Record<keyof SettingsForm, string>> = {}
  const cap = bodyCapError(form.bodyCapMB)
  if (cap) out.bodyCapMB = cap
  const history = historyLimitError(form.historyLimit)
  if (history) out.historyLimit = history
  const runs = flowRunsKeptError(form.flowRunsKept)
  if (runs) out.flowRunsKept = runs
  return out
}

/** isDirty reports whether the form differs from what is saved. */
export function isDirty(form: SettingsForm, saved: { bodyCapMB: number; historyLimit: number; flowRunsKept: number } | null): boolean {
  return !!saved && (form.bodyCapMB !== saved.bodyCapMB || form.historyLimit !== saved.historyLimit || form.flowRunsKept !== saved.flowRunsKept)
}
