// "Copy as cURL": a POSIX shell command built from the request as the backend
// recorded it. The record is redacted before it reaches the window, so a secret
// appears as [redacted] and never in clear text; the console says so beside the
// button. Nothing here reads an account or a connection.
import type { RequestRecord } from '@/api/console'

/** The text the backend writes in place of every secret. */
export const REDACTED = '[redacted]'

/** shellQuote quotes a word for a POSIX shell: plain words stay bare (unless always), others go in single quotes. */
export function shellQuote(s: string, always = false): string {
  if (!always && s !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) {
    return s
  }
  return `'${s.replace(/'/g, `'\\''`)}'`
}

/** Headers curl writes itself from the command line; sending them again would be wrong or redundant. */
function skipHeader(name: string, value: string, url: string): boolean {
  const n = name.toLowerCase()
  if (n === 'content-length') {
    return true
  }
  if (n === 'host') {
    // Kept only when it differs from the URL's host (a virtual host on an IP address).
    try {
      return new URL(url).host.toLowerCase() === value.toLowerCase()
    } catch {
      return false
    }
  }
  return false
}

/**
 * buildCurl writes the command: curl, the method (none for a GET without a body, --head for
 * HEAD) and the URL on the first line; then one -H per header, sorted by name; then the body
 * with --data-raw (sent byte for byte, no @file reading). Lines end in " \" continuations.
 */
export function buildCurl(req: RequestRecord): string {
  const method = (req.method || 'GET').toUpperCase()
  const body = req.body ?? ''
  const first = ['curl']
  if (method === 'HEAD') {
    first.push('--head')
  } else if (method !== 'GET' || body !== '') {
    first.push(`-X ${shellQuote(method)}`)
  }
  // The URL is always quoted: it reads the same whether or not it holds & or ?.
  first.push(shellQuote(req.url, true))
  const parts = [first.join(' ')]
  const headers = Object.entries(req.headers ?? {}).sort(([a], [b]) => a.toLowerCase().localeCompare(b.toLowerCase()))
  for (const [name, value] of headers) {
    if (!skipHeader(name, value, req.url)) {
      parts.push(`-H ${shellQuote(`${name}: ${value}`)}`)
    }
  }
  if (body !== '') {
    parts.push(`--data-raw ${shellQuote(body)}`)
  }
  return parts.join(' \\\n  ')
}

/** hasRedacted says whether the request carries a redacted secret (the command then needs editing before use). */
export function hasRedacted(req: RequestRecord): boolean {
  return [req.url, req.body, ...Object.values(req.headers ?? {})].some((s) => (s ?? '').includes(REDACTED))
}
