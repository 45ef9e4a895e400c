import { ref } from 'vue'
import { toApiError, type ApiError } from '@/api'

/**
 * useLatestLoad wraps a fetch in the state a list shows (loading, loaded,
 * error). An answer that a later load overtook is dropped, so a slow first
 * answer never overwrites a newer one.
 */
export function useLatestLoad<T>(fetch: () => Promise<T>, apply: (value: T) => void) {
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref<ApiError | null>(null)
  let seq = 0

  async function load() {
    const mine = ++seq
    loading.value = true
    try {
      const value = await fetch()
      if (mine !== seq) return
      apply(value)
      error.value = null
    } catch (e) {
      if (mine === seq) error.value = toApiError(e)
    } finally {
      if (mine === seq) {
        loading.value = false
        loaded.value = true
      }
    }
  }

  return { loading, loaded, error, load }
}
