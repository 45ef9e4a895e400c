// The last inputs (and the chosen connection and account) per interface, kept
// in this window's localStorage so the console opens as it was left. Inputs
// are what the user typed; no secret of an account is ever part of them.

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
const keyOf = (connector: string, iface: string) => `${prefix}${connector}/${iface}`

export function recall(connector: string, iface: string): Remembered | null {
  try {
    const raw = localStorage.getItem(keyOf(connector, iface))
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

export function remember(connector: string, iface: string, value: Remembered): void {
  try {
    localStorage.setItem(keyOf(connector, iface), JSON.stringify(value))
  } catch {
    // Storage can be full or unavailable; the inputs then last for this visit only.
  }
}
