import { computed } from 'vue'
import { useEditor } from './editor'
import { useErrorText } from './useErrorText'

/**
 * useRowError returns the editor's error when it points at a row of the given
 * tab, and the error props a TreeTable of that tab takes for it.
 */
export function useRowError(tab: () => string) {
  const editor = useEditor()
  const errorText = useErrorText()
  const err = computed(() => {
    const e = editor.error.value
    return e && e.target.tab === tab() && e.target.rowId ? e : null
  })
  const treeErrorProps = computed(() => ({
    errorId: err.value?.target.rowId ?? null,
    errorText: err.value ? errorText(err.value.err) : '',
    errorColumn: err.value?.target.column ?? '',
  }))
  return { err, treeErrorProps }
}
