// The settings form's rules, the same as backend/service/settings.go checks.

export const bodyCapMin = 1
export const bodyCapMax = 100
export const bodyCapDefault = 10

/** bodyCapError is the i18n key of what is wrong with a body cap in MB, or null when it is fine. */
export function bodyCapError(value: number | null | undefined): string | null {
  if (value === null || value === undefined || Number.isNaN(value)) return 'errors.required'
  if (!Number.isInteger(value) || value < bodyCapMin || value > bodyCapMax) return 'settings.invoke.invalid'
  return null
}

export const historyMin = 10
export const historyMax = 10000
export const historyDefault = 200

/** historyLimitError is the i18n key of what is wrong with a history limit, or null when it is fine. */
export function historyLimitError(value: number | null | undefined): string | null {
  if (value === null || value === undefined || Number.isNaN(value)) return 'errors.required'
  if (!Number.isInteger(value) || value < historyMin || value > historyMax) return 'settings.invoke.historyInvalid'
  return null
}

export interface SettingsForm {
  bodyCapMB: number | null
  historyLimit: number | null
}

/** validateSettings returns the errors by field; an empty object means the form may be saved. */
export function validateSettings(form: SettingsForm): Partial<Record<keyof SettingsForm, string>> {
  const out: Partial<Record<keyof SettingsForm, string>> = {}
  const cap = bodyCapError(form.bodyCapMB)
  if (cap) out.bodyCapMB = cap
  const history = historyLimitError(form.historyLimit)
  if (history) out.historyLimit = history
  return out
}

/** isDirty reports whether the form differs from what is saved. */
export function isDirty(form: SettingsForm, saved: { bodyCapMB: number; historyLimit: number } | null): boolean {
  return !!saved && (form.bodyCapMB !== saved.bodyCapMB || form.historyLimit !== saved.historyLimit)
}
