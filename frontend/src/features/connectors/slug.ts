import { pinyin } from 'pinyin-pro'

/** The rule backend/domain applies to every key. */
export const keyPattern = /^[a-z0-9][a-z0-9_-]{0,63}$/

const maxKeyLength = 64

const han = /\p{Script=Han}/u

/**
 * suggestKey turns a connector name into a key the backend accepts:
 * "Open Platform (HR)" becomes "open-platform-hr", "Café Übersicht" becomes
 * "cafe-ubersicht". Chinese is spelt in toneless pinyin, a syllable a word, so
 * "钉钉 Open API" becomes "ding-ding-open-api" and "重庆银行" "chong-qing-yin-hang".
 */
export function suggestKey(name: string): string {
  // pinyin-pro reads words as words (行长 is hang zhang), keeping runs of other text as they are.
  const spelt = han.test(name) ? pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('-') : name
  const slug = spelt
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return slug.slice(0, maxKeyLength).replace(/-+$/, '')
}

export function isValidKey(key: string): boolean {
  return keyPattern.test(key)
}
