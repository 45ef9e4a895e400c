import type { ApiError } from '@/api'

type Translate = (key: string) => string
type Exists = (key: string) => boolean

/**
 * fieldText is the message for a field error in the current locale: a stock
 * phrase for "is required", the locale's own wording for the rules it knows by
 * code and field (errors.field.<code>.<field>), else the backend's message.
 */
export function fieldText(err: ApiError, t: Translate, te: Exists): string {
  if (err.message === 'is required') {
    return t('errors.required')
  }
  const known = `errors.field.${err.code}.${err.rootField}`
  return te(known) ? t(known) : err.message
}
