import type { ApiError } from '@/api'

type Translate = (key: string, named?: Record<string, unknown>) => string

/**
 * ruleText says the backend's rules about profiles and grants in the UI's
 * language; other errors keep the generic text the caller passes.
 */
export function ruleText(err: ApiError, t: Translate, fallback: string): string {
  if (err.code === 'rule') {
    const lastAdmin = /^(\S+) is the last profile with users\.admin/.exec(err.message)
    if (lastAdmin) return t('users.lastAdmin', { name: lastAdmin[1] })
    const owner = /^(\S+) owns connector (\S+)/.exec(err.message)
    if (owner) return t('perm.ownerAlways', { user: owner[1] })
  }
  if (err.code === 'permission' && /^wrong password/.test(err.message)) {
    return t('users.switch.wrong')
  }
  return fallback
}
