// Reading a connection check's result for display: the steps in order, the
// verdict and the warnings worth a second look.
import type { ProbeResult, ProbeStep } from '@/api/connection'
import type { Note } from '@/api/types'

export type StepName = 'dns' | 'tcp' | 'tunnel' | 'tls' | 'http'

export interface CheckStep {
  name: StepName
  step: ProbeStep
}

/** steps lists the steps of a check in the order they ran (the tunnel only when there was one). */
export function steps(r: ProbeResult): CheckStep[] {
  const out: CheckStep[] = [
    { name: 'dns', step: r.dns },
    { name: 'tcp', step: r.tcp },
  ]
  if (r.tunnel) out.push({ name: 'tunnel', step: r.tunnel })
  if (r.tls) out.push({ name: 'tls', step: r.tls })
  out.push({ name: 'http', step: r.http })
  return out
}

/** Days left below which a certificate's expiry is a warning. */
export const expirySoonDays = 30

export type Warning =
  | { kind: 'skipVerify' }
  | { kind: 'expiresSoon'; days: number }
  | { kind: 'clientCertExpiresSoon'; days: number }
  | { kind: 'clientCertNotRequested' }

/** warnings are the remarks on a check that reached the server. */
export function warnings(r: ProbeResult): Warning[] {
  const out: Warning[] = []
  const tls = r.tls
  if (!tls || tls.status !== 'ok') return out
  if (tls.skipVerify && !tls.verified) out.push({ kind: 'skipVerify' })
  const leaf = tls.chain[0]
  if (leaf && leaf.daysLeft >= 0 && leaf.daysLeft < expirySoonDays) out.push({ kind: 'expiresSoon', days: leaf.daysLeft })
  const cc = tls.clientCert
  if (cc?.loaded && cc.daysLeft < expirySoonDays) out.push({ kind: 'clientCertExpiresSoon', days: cc.daysLeft })
  if (cc?.loaded && !tls.clientCertRequested && r.http.status === 'ok') out.push({ kind: 'clientCertNotRequested' })
  return out
}

/** The step (or certificate file) a failed check stopped at, for the headline. */
export function firstFailure(r: ProbeResult): { where: string; reason: string; error: string; note?: Note } | null {
  if (r.error) return { where: 'settings', reason: 'other', error: r.error, note: r.errorNote }
  const tls = r.tls
  if (tls?.clientCert && !tls.clientCert.loaded) {
    return { where: 'clientCert', reason: 'clientCert', error: tls.clientCert.error ?? '', note: tls.clientCert.note }
  }
  if (tls?.caBundle && !tls.caBundle.loaded) return { where: 'caBundle', reason: 'caBundle', error: tls.caBundle.error ?? '', note: tls.caBundle.note }
  for (const s of steps(r)) {
    if (s.step.status === 'failed') return { where: s.name, reason: s.step.reason ?? 'other', error: s.step.error ?? '', note: s.step.note }
    if (s.name === 'tunnel' && s.step.status === 'skipped' && s.step.reason) {
      return { where: s.name, reason: s.step.reason, error: s.step.error ?? '', note: s.step.note }
    }
  }
  if (tls && tls.status === 'ok' && !tls.verified && !tls.skipVerify) {
    return { where: 'verify', reason: tls.verifyReason ?? 'other', error: tls.verifyError ?? '', note: tls.verifyNote }
  }
  if (r.token?.error) return { where: 'token', reason: 'tokenFailed', error: r.token.error, note: r.token.note }
  return null
}

/** tokenExpiry is when a token obtained at `at` expires, or null when the check got none. */
export function tokenExpiry(r: ProbeResult, at: Date): Date | null {
  const tok = r.token
  if (!tok || tok.error || !tok.tokenFound) return null
  return new Date(at.getTime() + tok.expiresInSec * 1000)
}

/** expiryTone colours a certificate's days left: error when expired, warning when soon. */
export function expiryTone(daysLeft: number): 'error' | 'warning' | 'success' {
  if (daysLeft < 0) return 'error'
  return daysLeft < expirySoonDays ? 'warning' : 'success'
}
