// The auth account form: which fields a scheme reads, the rows of an account
// and the AccountInput they make. Secrets are write-only: a row knows whether
// a value is stored, never the value.
import type { AccountInput, AccountView, Auth } from '@/api/connection'
import { authSchemes, type AuthField, type AuthScheme } from './authFields.generated'
import { accountRefs } from './form'
import { secretDraft, secretInput, type SecretDraft } from './secret'

/** A field a scheme reads from the account. */
export interface SchemeField {
  name: string
  secret: boolean
}

const schemes: readonly AuthScheme[] = authSchemes

/** The fields the scheme of type reads by name (backend/domain/auth.go's table); none for an unknown type. */
function fieldsOf(type: string): readonly AuthField[] {
  return schemes.find((s) => s.type === type)?.fields ?? []
}

/** schemeFields are the account fields each fixed scheme reads. */
export function schemeFields(type: string): SchemeField[] {
  return fieldsOf(type).map((f) => ({ name: f.name, secret: f.secret }))
}

/** templated tells whether the scheme reads the account fields its templates name (a token exchange). */
export function templated(type: string): boolean {
  return schemes.find((s) => s.type === type)?.templated ?? false
}

/** The fields some scheme reads by name: each has its own label. */
export const schemeFieldNames: ReadonlySet<string> = new Set(schemes.flatMap((s) => s.fields.map((f) => f.name)))

/** Names that usually hold secrets, for a token exchange's new rows. */
const secretish = /secret|password|passwd|pwd|token|credential|private|sign/i

export function looksSecret(name: string): boolean {
  return secretish.test(name)
}

export interface AccountRow {
  name: string
  secret: boolean
  /** The plain value (plain rows only). */
  value: string
  /** The secret's state (secret rows only). */
  draft: SecretDraft
  /** The scheme reads this field: its name and kind are fixed, it cannot be removed. */
  fixed: boolean
  /** The row came from the stored account: its name is fixed (a stored secret cannot be renamed). */
  stored: boolean
  /** A token exchange template reads it (a hint shown beside the row). */
  referenced: boolean
}

export interface AccountForm {
  name: string
  /** A new account (its name can be chosen) rather than an edit. */
  isNew: boolean
  default: boolean
  rows: AccountRow[]
}

function row(name: string, secret: boolean, extra: Partial<AccountRow> = {}): AccountRow {
  return { name, secret, value: '', draft: secretDraft(false), fixed: false, stored: false, referenced: false, ...extra }
}

/**
 * accountForm is the form of an account (a new one when view is null) for the
 * connection's auth scheme: the scheme's fields first, then for a token
 * exchange the fields its templates read, then any other stored field.
 */
export function accountForm(view: AccountView | null, auth: Auth | undefined, firstAccount = false): AccountForm {
  const type = auth?.type ?? 'none'
  const fields = view?.fields ?? {}
  const secrets = new Map((view?.secrets ?? []).map((s) => [s.name, s.set]))
  const rows: AccountRow[] = []
  const seen = new Set<string>()
  const refs = new Set(templated(type) ? accountRefs(auth?.tokenExchange) : [])

  const storedRow = (name: string, fixed: boolean, secretWanted: boolean): AccountRow => {
    if (secrets.has(name)) {
      return row(name, true, { draft: secretDraft(!!secrets.get(name)), fixed, stored: true })
    }
    if (name in fields) {
      return row(name, false, { value: fields[name] ?? '', fixed, stored: true })
    }
    return row(name, secretWanted, { fixed })
  }

  for (const f of schemeFields(type)) {
    const r = storedRow(f.name, true, f.secret)
    // A scheme's field has the scheme's kind, whatever an old account stored.
    if (r.secret !== f.secret) {
      rows.push(row(f.name, f.secret, { fixed: true, stored: r.stored }))
    } else {
      rows.push(r)
    }
    seen.add(f.name)
  }
  for (const name of refs) {
    if (seen.has(name)) continue
    rows.push({ ...storedRow(name, false, looksSecret(name)), referenced: true })
    seen.add(name)
  }
  const others = [...Object.keys(fields), ...secrets.keys()].filter((n) => !seen.has(n)).sort()
  for (const name of others) {
    if (seen.has(name)) continue
    rows.push(storedRow(name, false, false))
    seen.add(name)
  }
  for (const r of rows) r.referenced = refs.has(r.name)
  return { name: view?.name ?? '', isNew: !view, default: view ? view.default : firstAccount, rows }
}

/** AccountFormError is a mistake in the rows, at a row (or the name when row is -1). */
export class AccountFormError extends Error {
  constructor(
    readonly row: number,
    readonly rule: 'rowName' | 'rowDuplicate' | 'name',
  ) {
    super(rule)
  }
}

/**
 * toAccountInput builds the AccountInput of the form. Plain rows become
 * fields (the whole set: a plain field left out is removed). Secret rows
 * follow the write-only rule: null keeps, "" removes, text replaces. A stored
 * secret whose row was removed or turned plain is removed. Empty new rows are
 * ignored.
 */
export function toAccountInput(f: AccountForm, stored: AccountView | null): AccountInput {
  const name = f.name.trim()
  if (name === '') throw new AccountFormError(-1, 'name')
  const input: AccountInput = { name, default: f.default, fields: {}, secrets: {} }
  const names = new Set<string>()
  f.rows.forEach((r, i) => {
    const n = r.name.trim()
    if (n === '') {
      const empty = r.secret ? r.draft.value === '' : r.value === ''
      if (empty && !r.stored) return
      throw new AccountFormError(i, 'rowName')
    }
    if (names.has(n)) throw new AccountFormError(i, 'rowDuplicate')
    names.add(n)
    if (r.secret) {
      input.secrets[n] = secretInput(r.draft)
    } else {
      input.fields[n] = r.value
    }
  })
  for (const s of stored?.secrets ?? []) {
    const now = f.rows.find((r) => r.name.trim() === s.name)
    if (s.set && (!now || !now.secret)) input.secrets[s.name] = ''
  }
  return input
}

/** defaultInput makes an account the default one, keeping its fields and secrets as they are. */
export function defaultInput(a: AccountView): AccountInput {
  return { name: a.name, default: true, fields: { ...(a.fields ?? {}) }, secrets: {} }
}

/**
 * missingFields lists what an account lacks for the scheme: a plain field
 * with no value, or a secret that is not set.
 */
export function missingFields(a: AccountView, auth: Auth | undefined): string[] {
  const type = auth?.type ?? 'none'
  const wanted = templated(type)
    ? accountRefs(auth?.tokenExchange)
    : fieldsOf(type)
        .filter((f) => f.required)
        .map((f) => f.name)
  const secrets = new Map((a.secrets ?? []).map((s) => [s.name, s.set]))
  return wanted.filter((n) => !(secrets.get(n) || (a.fields?.[n] ?? '') !== ''))
}
