// A write-only secret in a form: the backend says whether a value is stored
// and never what it is. The form keeps it, replaces it or clears it.

/** keep: leave the stored value alone; replace: send `value`; clear: remove the stored value. */
export type SecretAction = 'keep' | 'replace' | 'clear'

export interface SecretDraft {
  /** Whether the backend holds a value. */
  set: boolean
  action: SecretAction
  /** The new value while replacing; never a stored value. */
  value: string
}

/** secretDraft starts a secret: a stored one is kept, a missing one waits for a value. */
export function secretDraft(set: boolean): SecretDraft {
  return { set, action: set ? 'keep' : 'replace', value: '' }
}

/**
 * secretInput is what an input carries for a secret: null keeps the stored
 * value, "" removes it, anything else replaces it. An empty replacement
 * changes nothing, and clearing what is not stored sends nothing.
 */
export function secretInput(d: SecretDraft): string | null {
  switch (d.action) {
    case 'replace':
      return d.value === '' ? null : d.value
    case 'clear':
      return d.set ? '' : null
    default:
      return null
  }
}

/** secretChanged says whether the draft would change what is stored. */
export function secretChanged(d: SecretDraft): boolean {
  return secretInput(d) !== null
}
