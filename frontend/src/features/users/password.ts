// A new profile password is typed twice.

/** confirmError is the i18n key of what is wrong with the repeated password, or null: none set, or both the same. */
export function confirmError(password: string, confirm: string): string | null {
  if (password === '') return null
  if (confirm === '') return 'users.password.confirmRequired'
  return password === confirm ? null : 'users.password.mismatch'
}
