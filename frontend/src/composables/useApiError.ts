import { useMessage } from 'naive-ui'
import { useI18n } from 'vue-i18n'
import { toApiError, type ApiError } from '@/api'
import { explain } from '@/i18n/explain'
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

  return { text, fieldText: fieldTextHere, show }
}
