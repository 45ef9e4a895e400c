// The UI's own locale files, so scenarios expect exactly what the page shows.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { frontendDir } from './env.mjs'

const load = (name) => JSON.parse(readFileSync(path.join(frontendDir, 'src', 'i18n', `${name}.json`), 'utf8'))

export const messages = { 'zh-CN': load('zh-CN'), en: load('en') }

/** t looks a dotted key up in a locale and fills in {name} placeholders, as vue-i18n does. */
export function t(locale, key, vars = {}) {
  const value = key.split('.').reduce((node, part) => node?.[part], messages[locale])
  if (typeof value !== 'string') {
    throw new Error(`no message ${key} in ${locale}`)
  }
  return value.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m))
}

export const zh = (key, vars) => t('zh-CN', key, vars)
export const en = (key, vars) => t('en', key, vars)
