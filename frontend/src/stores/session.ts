import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { session as api, toApiError, type ApiError, type Perm, type UserView } from '@/api'

/** System permissions, as backend/domain names them. */
export const perms = {
  view: 'connectors.view',
  create: 'connectors.create',
  manage: 'connectors.manage',
  usersAdmin: 'users.admin',
} as const

/** The profile this window acts as. */
export const useSession = defineStore('session', () => {
  const me = ref<UserView | null>(null)
  const error = ref<ApiError | null>(null)
  const loaded = ref(false)

  const profile = computed(() => me.value?.name ?? '')
  const displayName = computed(() => me.value?.displayName || me.value?.name || '')
  const can = (perm: Perm) => me.value?.perms?.includes(perm) ?? false

  async function load() {
    try {
      me.value = await api.me()
      error.value = null
    } catch (e) {
      error.value = toApiError(e)
    } finally {
      loaded.value = true
    }
  }

  return { me, error, loaded, profile, displayName, can, load }
})
