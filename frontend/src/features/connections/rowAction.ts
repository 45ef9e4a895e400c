import { ref } from 'vue'
import { useMessage } from 'naive-ui'
import { useApiError } from '@/composables/useApiError'

/**
 * useRowAction runs one row action at a time: the row (by its id) is busy while
 * the action runs, success is said, then `after` refreshes; a failure is shown
 * the usual way.
 */
export function useRowAction(after: () => unknown) {
  const message = useMessage()
  const errors = useApiError()
  const busy = ref('')
  async function run(id: string, action: () => Promise<unknown>, done: string) {
    busy.value = id
    try {
      await action()
      message.success(done)
      await after()
    } catch (e) {
      errors.show(e)
    } finally {
      busy.value = ''
    }
  }
  return { busy, run }
}
