import { createI18n } from 'vue-i18n'
import en from './en.json'
import zhCN from './zh-CN.json'
import { reasonMessages } from './reasons'

/** The shape of every locale file; zh-CN is the reference. */
export type MessageSchema = typeof zhCN

export const locales = ['zh-CN', 'en'] as const
export type Locale = (typeof locales)[number]

const storageKey = 'junction.locale'

declare module 'vue-i18n' {
  // Makes t() check its keys against the locale files (declaration merging needs an interface).
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  export interface DefineLocaleMessage extends MessageSchema {}
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value)
}

/** The locale saved by the language switch, zh-CN when there is none. */
export function savedLocale(): Locale {
  try {
    const saved = localStorage.getItem(storageKey)
    return isLocale(saved) ? saved : 'zh-CN'
  } catch {
    return 'zh-CN'
  }
}

export function saveLocale(locale: Locale): void {
  try {
    localStorage.setItem(storageKey, locale)
  } catch {
    // Storage can be unavailable; the choice then lasts for this window only.
  }
}

export function createAppI18n(locale: Locale = savedLocale()) {
  const i18n = createI18n<[MessageSchema], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'zh-CN',
    // Copies: merging the reasons below must not change the imported JSON modules.
    messages: { 'zh-CN': { ...zhCN }, en: { ...en } },
  })
  // The backend's reasons live in their own files (reasons/<area>.<locale>.json),
  // under reason.<key>; they are merged here rather than typed into the
  // schema, since explain() looks them up by a key only known at run time.
  for (const l of locales) i18n.global.mergeLocaleMessage(l, { reason: reasonMessages(l) })
  return i18n
}
