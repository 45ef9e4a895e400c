import { useI18n } from 'vue-i18n'
import type { ApiError } from '@/api'
import { ifaceErrorText } from './errorText'

/** useErrorText returns the editor's text for a backend error in the UI language (see ifaceErrorText). */
export function useErrorText() {
  const { t, te } = useI18n()
  const translate = (key: string, named?: Record<string, unknown>) => (named ? t(key, named) : t(key))
  const opLabel = (op: string) => (te(`iface.op.${op}`) ? t(`iface.op.${op}`) : op)
  return (err: Pick<ApiError, 'message' | 'field'>) => ifaceErrorText(err, translate, opLabel)
}
