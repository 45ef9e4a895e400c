import { ref } from 'vue'
import type { service } from '@wails/go/models'
import { audit as api, toApiError, type ApiError, type Data } from '@/api'

export type VerifyResult = Data<service.VerifyResult>

/** useAuditVerify recomputes the audit hash chain on demand and keeps the answer. */
export function useAuditVerify() {
  const result = ref<VerifyResult | null>(null)
  const checking = ref(false)
  const error = ref<ApiError | null>(null)

  async function verify() {
    checking.value = true
    try {
      result.value = (await api.verify()) as VerifyResult
      error.value = null
    } catch (e) {
      error.value = toApiError(e)
    } finally {
      checking.value = false
    }
    return result.value
  }

  return { result, checking, error, verify }
}
