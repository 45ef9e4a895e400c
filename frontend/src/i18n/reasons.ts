// The UI texts of the backend's reasons (backend/domain/reasons_<area>.go):
// frontend/src/i18n/reasons/<area>.<locale>.json, flat maps from a reason key
// ("connector.sealed") to its text in vue-i18n syntax. The backend helpers
// add files and keys; this module only reads whatever is there.

/** A reason's texts nested by the dots of its key, as vue-i18n resolves "reason.connector.sealed". */
export type ReasonTree = { [segment: string]: string | ReasonTree }

type Flat = Record<string, string>

const files = import.meta.glob<Flat>('./reasons/*.json', { eager: true, import: 'default' })

/** flatReasons merges the area files of one locale into one flat map (key -> text). */
export function flatReasons(locale: string, from: Record<string, Flat> = files): Flat {
  const out: Flat = {}
  for (const [path, texts] of Object.entries(from)) {
    if (path.endsWith(`.${locale}.json`)) Object.assign(out, texts)
  }
  return out
}

/**
 * nest turns flat reason keys into the tree vue-i18n walks. A key that is
 * also the prefix of another ("a.b" and "a.b.c") cannot be both a text and
 * a branch: nest throws, and the locale test names it.
 */
export function nest(flat: Flat): ReasonTree {
  const root: ReasonTree = {}
  for (const [key, text] of Object.entries(flat)) {
    const parts = key.split('.')
    let node = root
    parts.slice(0, -1).forEach((part, i) => {
      const next = node[part] ?? {}
      if (typeof next === 'string') throw new Error(`reason ${key}: ${parts.slice(0, i + 1).join('.')} is a text too`)
      node = node[part] = next
    })
    const last = parts[parts.length - 1]!
    if (typeof node[last] === 'object') throw new Error(`reason ${key} is a text and a branch`)
    node[last] = text
  }
  return root
}

/** reasonMessages is the `reason` subtree of one locale's messages. */
export const reasonMessages = (locale: string): ReasonTree => nest(flatReasons(locale))
