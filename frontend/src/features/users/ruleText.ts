import type { ApiError } from '@/api'
import type { Explainable } from '@/i18n/explain'

/**
 * ruleText says a refusal by the rules about profiles and grants (the last
 * admin, the owner's rights, a wrong password) as the rule's own sentence,
 * by its reason; other errors keep the generic text the caller passes.
 */
export function ruleText(err: ApiError, explain: (x: Explainable) => string, fallback: string): string {
  return (err.code === 'rule' || err.code === 'permission') && err.reason ? explain(err) : fallback
}
