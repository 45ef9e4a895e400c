// "Copy as cURL": the command is written by the backend (Interfaces.Curl, Go's
// invoke.Curl) from the request as recorded and the connection's charset, so
// that it sends the bytes the call sent. The record is redacted before it
// reaches the window, so a secret appears as [redacted] and never in clear
// text; the console says so beside the button.
import type { RequestRecord } from '@/api/console'

/** The text the backend writes in place of every secret. */
export const REDACTED = '[redacted]'

/** hasRedacted says whether the request carries a redacted secret (the command then needs editing before use). */
export function hasRedacted(req: RequestRecord): boolean {
  return [req.url, req.body, ...Object.values(req.headers ?? {})].some((s) => (s ?? '').includes(REDACTED))
}
