import { defineStore } from 'pinia'
import { ref } from 'vue'
import { users as api, type UserInput, type UserView } from '@/api'
import { useLatestLoad } from '@/composables/useLatestLoad'

/** Every local profile: for the 用户与权限 page, the profile switch and the grant dialog. */
export const useProfiles = defineStore('profiles', () => {
  const items = ref<UserView[]>([])
  const { loading, loaded, error, load } = useLatestLoad(() => api.list(), (list) => (items.value = list))

  function replace(u: UserView) {
    const i = items.value.findIndex((x) => x.name === u.name)
    if (i >= 0) items.value.splice(i, 1, u)
    else items.value = [...items.value, u].sort((a, b) => a.name.localeCompare(b.name))
  }

  async function add(input: UserInput) {
    const u = await api.add(input)
    replace(u)
    return u
  }

  async function update(name: string, input: UserInput) {
    const u = await api.update(name, input)
    replace(u)
    return u
  }

  return { items, loading, loaded, error, load, add, update }
})

/** inputOf is the edit of u that changes nothing (the password is kept). */
export function inputOf(u: UserView): UserInput {
  return { name: u.name, displayName: u.displayName, orgId: u.orgId, perms: [...(u.perms ?? [])], password: null }
}
