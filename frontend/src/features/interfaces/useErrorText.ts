import { useI18n } from 'vue-i18n'
import { ifaceErrorText, type EditorError } from './errorText'

/** useErrorText returns the editor's text for a backend error in the UI language (see ifaceErrorText). */
export function useErrorText() {
  const { t, te } = useI18n()
  const opLabel = (op: string) => (te(`iface.op.${op}`) ? t(`iface.op.${op}`) : op)
  return (err: EditorError) => ifaceErrorText(err, t, te, opLabel)
}
