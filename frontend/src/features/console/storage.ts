// The last inputs (and the chosen connection and account) per profile and
// interface, kept in this window's localStorage so the console opens as it was
// left. Inputs are what the user typed; no secret of an account is ever part
// of them. They are the profile's own: after a switch, another profile of the
// same window neither sees nor overwrites them.

export interface Remembered {
  inputs: Record<string, unknown>
  /** The chosen connection key; "" for the interface's own. */
  connection: string
  /** The chosen account: a name, "" for the default, NONE for none. */
  account: string
  json: boolean
}

/** The account choice meaning "call without an account". */
export const NONE = '\u0000none'

const prefix = 'junction.console.'
/** Keys of this version start with prefix + by + the profile (encoded: a name may hold anything). */
const by = 'by.'
const keyOf = (profile: string, connector: string, iface: string) =>
  `${prefix}${by}${encodeURIComponent(profile)}/${connector}/${iface}`

/**
 * dropUnowned removes inputs kept before they were kept per profile
 * (junction.console.<connector>/<iface>): nobody can tell whose they are.
 */
export function dropUnowned(): void {
  try {
    const stale: string[] = []
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i)
      if (k?.startsWith(prefix) && !k.startsWith(prefix + by)) stale.push(k)
    }
    stale.forEach((k) => localStorage.removeItem(k))
  } catch {
    // Storage unavailable: nothing is kept either.
  }
}

export function recall(profile: string, connector: string, iface: string): Remembered | null {
  if (!profile) return null
  dropUnowned()
  try {
    const raw = localStorage.getItem(keyOf(profile, connector, iface))
    if (!raw) {
      return null
    }
    const v = JSON.parse(raw) as Partial<Remembered>
    if (typeof v !== 'object' || v === null || typeof v.inputs !== 'object' || v.inputs === null || Array.isArray(v.inputs)) {
      return null
    }
    return {
      inputs: v.inputs,
      connection: typeof v.connection === 'string' ? v.connection : '',
      account: typeof v.account === 'string' ? v.account : '',
      json: v.json === true,
    }
  } catch {
    return null
  }
}

export function remember(profile: string, connector: string, iface: string, value: Remembered): void {
  if (!profile) return
  try {
    localStorage.setItem(keyOf(profile, connector, iface), JSON.stringify(value))
  } catch {
    // Storage can be full or unavailable; the inputs then last for this visit only.
  }
}
