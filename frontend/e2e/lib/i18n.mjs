// The UI's own locale files, so scenarios expect exactly what the page shows.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { frontendDir } from './env.mjs'

const i18nDir = path.join(frontendDir, 'src', 'i18n')
const load = (file) => JSON.parse(readFileSync(path.join(i18nDir, file), 'utf8'))

/** The backend's reason texts of a locale, flat (reason key -> text), as src/i18n/reasons.ts merges them. */
const reasons = (locale) =>
  Object.assign({}, ...readdirSync(path.join(i18nDir, 'reasons')).filter((f) => f.endsWith(`.${locale}.json`)).map((f) => load(`reasons/${f}`)))

export const messages = { 'zh-CN': load('zh-CN.json'), en: load('en.json') }
const reasonTexts = { 'zh-CN': reasons('zh-CN'), en: reasons('en') }

/**
 * t looks a dotted key up in a locale ("reason.<key>" in the reason texts)
 * and fills in {name} placeholders, as vue-i18n does.
 */
export function t(locale, key, vars = {}) {
  const value = key.startsWith('reason.')
    ? reasonTexts[locale][key.slice('reason.'.length)]
    : key.split('.').reduce((node, part) => node?.[part], messages[locale])
  if (typeof value !== 'string') {
    throw new Error(`no message ${key} in ${locale}`)
  }
  return value.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m))
}

export const zh = (key, vars) => t('zh-CN', key, vars)
export const en = (key, vars) => t('en', key, vars)

/** The four looks a screenshot scenario walks: each locale in each theme, with its translator. */
export const looks = [
  { locale: 'zh-CN', theme: 'light', t: zh },
  { locale: 'en', theme: 'dark', t: en },
  { locale: 'zh-CN', theme: 'dark', t: zh },
  { locale: 'en', theme: 'light', t: en },
]
/** tag names a look in screenshot file names: zh-light, en-dark, … */
export const tag = (l) => `${l.locale === 'en' ? 'en' : 'zh'}-${l.theme}`
