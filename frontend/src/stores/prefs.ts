import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { saveLocale, type Locale } from '@/i18n'

export type Theme = 'light' | 'dark'
/** ThemeMode is the user's choice: a theme, or whatever the system uses. */
export type ThemeMode = Theme | 'system'

const themeKey = 'junction.theme'

function savedThemeMode(): ThemeMode {
  try {
    const saved = localStorage.getItem(themeKey)
    return saved === 'dark' || saved === 'system' ? saved : 'light'
  } catch {
    return 'light'
  }
}

/** The system's dark-mode query; null where there is none (a unit test). */
function systemDarkQuery(): MediaQueryList | null {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function'
    ? window.matchMedia('(prefers-color-scheme: dark)')
    : null
}

/** Preferences of this window: language and theme, kept in localStorage. */
export const usePrefs = defineStore('prefs', () => {
  const i18n = useI18n({ useScope: 'global' })
  const themeMode = ref<ThemeMode>(savedThemeMode())
  const systemQuery = systemDarkQuery()
  const systemDark = ref(systemQuery?.matches ?? false)
  systemQuery?.addEventListener('change', (e) => {
    systemDark.value = e.matches
  })
  /** theme is the theme in effect: the chosen one, or the system's. */
  const theme = computed<Theme>(() =>
    themeMode.value === 'system' ? (systemDark.value ? 'dark' : 'light') : themeMode.value,
  )
  const locale = ref<Locale>(i18n.locale.value as Locale)

  function setLocale(next: Locale) {
    locale.value = next
  }
  function toggleTheme() {
    themeMode.value = theme.value === 'dark' ? 'light' : 'dark'
  }
  function setThemeMode(next: ThemeMode) {
    themeMode.value = next
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
    themeMode,
    (next) => {
      try {
        localStorage.setItem(themeKey, next)
      } catch {
        // Storage can be unavailable; the choice then lasts for this window only.
      }
    },
    { immediate: true },
  )
  watch(
    theme,
    (next) => {
      document.documentElement.dataset.theme = next
    },
    { immediate: true },
  )

  return { theme, themeMode, locale, setLocale, toggleTheme, setThemeMode }
})
