import { useMessage } from 'naive-ui'
import { useI18n } from 'vue-i18n'
import { toApiError, type ApiError } from '@/api'
import { explain, type Explainable } from '@/i18n/explain'
import { fieldText } from './fieldText'

/** useApiError turns an ApiError into text for this locale and shows it. */
export function useApiError() {
  const { t, te } = useI18n()
  const message = useMessage()

  /** The message for a field in this locale (see fieldText). */
  const fieldTextHere = (err: ApiError) => fieldText(err, t, te)

  function text(reason: unknown): string {
    const err = toApiError(reason)
    return t('errors.withDetail', { title: t(`errors.code.${err.code}`), detail: explain(err, t, te) })
  }

  function show(reason: unknown) {
    message.error(text(reason), { duration: 6000, closable: true })
  }

  /** What the backend said (an error or a Note) in this locale, by its reason (see explain). */
  const explainHere = (x: Explainable, named?: Record<string, string>) => explain(x, t, te, named)

  /**
   * toField puts an error under the form field it names, when the form has that
   * field, and says whether it did (else the caller shows it above the form).
   */
  function toField<F extends string>(err: ApiError, fields: readonly F[], into: Partial<Record<F, string>>): boolean {
    const field = err.field ? fields.find((f) => f === err.rootField) : undefined
    if (field === undefined) return false
    into[field] = fieldTextHere(err)
    return true
  }

  return { text, fieldText: fieldTextHere, show, explain: explainHere, toField }
}
