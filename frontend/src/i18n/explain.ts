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
    return t(reasonKey(x.reason), { ...(x.params ?? {}), ...named })
  }
  return x.message || x.text || ''
}

/** useExplain is explain bound to the component's i18n. */
export function useExplain() {
  const { t, te } = useI18n()
  return (x: Explainable, named?: Record<string, string>) => explain(x, t, te, named)
}
