// explain renders what the backend says to a person (an error or a Note) in
// the UI's language, by its reason and params; only a reason this build has
// no text for falls back to the backend's English message or text.
import { useI18n } from 'vue-i18n'

/** What explain reads: an ApiError, a domain.Note, or anything shaped like one. */
export interface Explainable {
  reason?: string | null
  params?: Record<string, string> | null
  /** An error's English message. */
  message?: string | null
  /** A Note's English text. */
  text?: string | null
}

type Translate = (key: string, named: Record<string, unknown>) => string
type Exists = (key: string) => boolean

/** The i18n key of a reason's text. */
export const reasonKey = (reason: string) => `reason.${reason}`

/**
 * explain says x in the UI's language. named overrides or adds params, for a
 * caller that shows a value in its own words (an op by its label).
 */
export function explain(x: Explainable, t: Translate, te: Exists, named: Record<string, string> = {}): string {
  if (x.reason && te(reasonKey(x.reason))) {
    return t(reasonKey(x.reason), { ...localParams(x.params ?? {}, t, te), ...named })
  }
  return x.message || x.text || ''
}

/**
 * localParams says in the UI's language the params that name something the
 * UI has words for: a condition op by its symbol (iface.opSymbol), and a
 * nested sentence (domain.Params.Nest: "detail" with "detail.reason" and
 * "detail.<param>") by its own reason, so that a token request's network
 * error is not left in English inside a translated sentence.
 */
function localParams(params: Record<string, string>, t: Translate, te: Exists): Record<string, string> {
  const out: Record<string, string> = {}
  const nested = new Map<string, Record<string, string>>()
  for (const [key, value] of Object.entries(params)) {
    const dot = key.indexOf('.')
    if (dot < 0) {
      out[key] = value
      continue
    }
    const base = key.slice(0, dot)
    const inner = nested.get(base) ?? {}
    inner[key.slice(dot + 1)] = value
    nested.set(base, inner)
  }
  if (out.op && te(`iface.opSymbol.${out.op}`)) out.op = t(`iface.opSymbol.${out.op}`, {})
  for (const [base, { reason, ...inner }] of nested) {
    if (reason) out[base] = explain({ reason, params: inner, text: out[base] }, t, te)
  }
  return out
}

/** useExplain is explain bound to the component's i18n. */
export function useExplain() {
  const { t, te } = useI18n()
  return (x: Explainable, named?: Record<string, string>) => explain(x, t, te, named)
}
