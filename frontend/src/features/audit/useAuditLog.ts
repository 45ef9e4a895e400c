import { reactive, ref } from 'vue'
import { audit as api, type AuditEntry } from '@/api'
import { useLatestLoad } from '@/composables/useLatestLoad'
import { timeBounds } from './actions'

export interface AuditFilter {
  action: string
  actor: string
  connector: string
  /** The picker's range: two local timestamps in ms, or null for all time. */
  range: [number, number] | null
}

export const pageSizes = [20, 50, 100]

/**
 * useAuditLog is one paged, filtered view of the operation log, newest first.
 * With connector set, the view is fixed to that connector's entries.
 */
export function useAuditLog(connector?: () => string) {
  const filter = reactive<AuditFilter>({ action: '', actor: '', connector: '', range: null })
  const page = ref(1)
  const pageSize = ref(pageSizes[0]!)
  const items = ref<AuditEntry[]>([])
  const total = ref(0)
  /** load fetches the current page; an answer that a later load overtook is dropped. */
  const { loading, loaded, error, load } = useLatestLoad(
    () =>
      api.list({
        connector: connector?.() ?? filter.connector,
        action: filter.action,
        actor: filter.actor,
        ...timeBounds(filter.range),
        offset: (page.value - 1) * pageSize.value,
        limit: pageSize.value,
      }),
    (res) => {
      items.value = res.items ?? []
      total.value = res.total
    },
  )

  function setPage(p: number) {
    page.value = p
    return load()
  }
  function setPageSize(n: number) {
    pageSize.value = n
    page.value = 1
    return load()
  }
  /** applyFilter goes back to the first page of the new filter. */
  function applyFilter() {
    page.value = 1
    return load()
  }
  function clearFilter() {
    Object.assign(filter, { action: '', actor: '', connector: '', range: null })
    return applyFilter()
  }
  const isFiltered = () => !!(filter.action || filter.actor || filter.connector || filter.range)

  return { filter, page, pageSize, items, total, loading, loaded, error, load, setPage, setPageSize, applyFilter, clearFilter, isFiltered }
}

export type AuditLog = ReturnType<typeof useAuditLog>
