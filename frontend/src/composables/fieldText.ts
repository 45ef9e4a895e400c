import type { ApiError } from '@/api'
import { explain } from '@/i18n/explain'

type Translate = (key: string, named?: Record<string, unknown>) => string
type Exists = (key: string) => boolean

/**
 * fieldText is the message for a field error in the current locale: a stock
 * phrase for a required field, the form's own wording for the rules it knows by
 * code and field (errors.field.<code>.<field>), else the error's reason text.
 */
export function fieldText(err: ApiError, t: Translate, te: Exists): string {
  if (err.reason === 'field.required') {
    return t('errors.required')
  }
  const known = `errors.field.${err.code}.${err.rootField}`
  return te(known) ? t(known) : explain(err, (k, named) => t(k, named), te)
}
