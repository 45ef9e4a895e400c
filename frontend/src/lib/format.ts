const pad = (n: number) => String(n).padStart(2, '0')

/** formatDateTime shows a backend timestamp as "2026-11-23 08:00" in local time; "" for a zero or bad one. */
export function formatDateTime(ts: string | null | undefined): string {
  if (!ts) {
    return ''
  }
  const d = new Date(ts)
  if (Number.isNaN(d.getTime()) || d.getFullYear() <= 1) {
    return ''
  }
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** initials returns one or two characters to stand for a name in an avatar. */
export function initials(name: string): string {
  const trimmed = name.trim()
  if (!trimmed) {
    return '?'
  }
  const words = trimmed.split(/[\s_-]+/).filter(Boolean)
  const first = Array.from(words[0] ?? trimmed)[0] ?? '?'
  // A Latin name gets two initials ("Open Platform" -> "OP"); a CJK name its first character.
  if (/^[A-Za-z0-9]$/.test(first) && words.length > 1) {
    const second = Array.from(words[1] ?? '')[0] ?? ''
    return (first + (/^[A-Za-z0-9]$/.test(second) ? second : '')).toUpperCase()
  }
  return first.toUpperCase()
}

const palette = ['#4f6ef7', '#0ea5a4', '#e0803a', '#8b5cf6', '#e05a7a', '#2f9e44', '#3b82c4', '#b7791f']

/** avatarColor picks a stable colour for a key. */
export function avatarColor(key: string): string {
  let h = 0
  for (const ch of key) {
    h = (h * 31 + ch.codePointAt(0)!) >>> 0
  }
  return palette[h % palette.length]!
}
