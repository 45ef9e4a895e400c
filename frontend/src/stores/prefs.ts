import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { saveLocale, type Locale } from '@/i18n'

export type Theme = 'light' | 'dark'

const themeKey = 'junction.theme'

function savedTheme(): Theme {
  try {
    return localStorage.getItem(themeKey) === 'dark' ? 'dark' : 'light'
  } catch {
    return 'light'
  }
}

/** Preferences of this window: language and theme, kept in localStorage. */
export const usePrefs = defineStore('prefs', () => {
  const i18n = useI18n({ useScope: 'global' })
  const theme = ref<Theme>(savedTheme())
  const locale = ref<Locale>(i18n.locale.value as Locale)

  function setLocale(next: Locale) {
    locale.value = next
  }
  function toggleTheme() {
    theme.value = theme.value === 'dark' ? 'light' : 'dark'
  }

  watch(
    locale,
    (next) => {
      i18n.locale.value = next
      saveLocale(next)
      document.documentElement.lang = next
    },
    { immediate: true },
  )
  watch(
    theme,
    (next) => {
      try {
        localStorage.setItem(themeKey, next)
      } catch {
        // Storage can be unavailable; the choice then lasts for this window only.
      }
      document.documentElement.dataset.theme = next
    },
    { immediate: true },
  )

  return { theme, locale, setLocale, toggleTheme }
})
