import { defineStore } from 'pinia'
import { reactive, ref } from 'vue'
import {
  connectors as api,
  toApiError,
  type ApiError,
  type ConnectorDetail,
  type ConnectorInput,
  type ConnectorSummary,
  type Status,
} from '@/api'
import { useLatestLoad } from '@/composables/useLatestLoad'
import type { SortOrder } from './sort'

export const pageSize = 50

/** The columns the list sorts by, within the page shown. */
export type SortKey = 'name' | 'key' | 'updatedAt'

export interface ListSort {
  key: SortKey | ''
  order: SortOrder
}

export interface ListFilter {
  search: string
  status: '' | Status
  tag: string
}

/** The connector centre: the list as filtered and paged, and the connector open in detail. */
export const useConnectors = defineStore('connectors', () => {
  const filter = reactive<ListFilter>({ search: '', status: '', tag: '' })
  const sort = reactive<ListSort>({ key: '', order: false })
  const page = ref(1)
  const items = ref<ConnectorSummary[]>([])
  const total = ref(0)
  const tags = ref<string[]>([])
  const detail = ref<ConnectorDetail | null>(null)
  const detailLoading = ref(false)
  const detailError = ref<ApiError | null>(null)

  /** load fetches the current page; an answer that a later load overtook is dropped. */
  const { loading, loaded, error, load } = useLatestLoad(
    () =>
      api.list({
        search: filter.search.trim(),
        status: filter.status,
        tag: filter.tag,
        offset: (page.value - 1) * pageSize,
        limit: pageSize,
      }),
    (res) => {
      items.value = res.items ?? []
      total.value = res.total
      tags.value = res.tags ?? []
    },
  )

  function setPage(p: number) {
    page.value = p
    return load()
  }

  /** applyFilter goes back to the first page of the new filter. */
  function applyFilter() {
    page.value = 1
    return load()
  }

  function clearFilter() {
    filter.search = ''
    filter.status = ''
    filter.tag = ''
    return applyFilter()
  }

  const isFiltered = () => filter.search.trim() !== '' || filter.status !== '' || filter.tag !== ''

  async function open(key: string) {
    if (detail.value?.key !== key) {
      detail.value = null
    }
    detailLoading.value = true
    try {
      detail.value = await api.get(key)
      detailError.value = null
    } catch (e) {
      detailError.value = toApiError(e)
    } finally {
      detailLoading.value = false
    }
  }

  async function create(input: ConnectorInput) {
    const created = await api.create(input)
    void load()
    return created
  }

  async function update(key: string, input: ConnectorInput) {
    detail.value = await api.update(key, input)
    return detail.value
  }

  async function seal(key: string) {
    await api.seal(key)
    await open(key)
  }

  async function unseal(key: string) {
    await api.unseal(key)
    await open(key)
  }

  async function remove(key: string) {
    await api.remove(key)
    if (detail.value?.key === key) {
      detail.value = null
    }
    void load()
  }

  return {
    filter,
    sort,
    page,
    items,
    total,
    tags,
    loading,
    loaded,
    error,
    detail,
    detailLoading,
    detailError,
    load,
    setPage,
    applyFilter,
    clearFilter,
    isFiltered,
    open,
    create,
    update,
    seal,
    unseal,
    remove,
  }
})
