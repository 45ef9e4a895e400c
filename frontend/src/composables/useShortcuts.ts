import { onBeforeUnmount, onMounted } from 'vue'

/**
 * A keyboard shortcut: keys joined by "+", the last one the key itself and the
 * others modifiers: "mod" (Cmd on macOS, Ctrl elsewhere), "ctrl", "meta",
 * "alt", "shift". Examples: "mod+s", "mod+enter", "escape", "shift+?".
 * Keys compare with KeyboardEvent.key, case-insensitively.
 */
export type Shortcut = string

/** What a shortcut runs; return false to let the key through to the page. */
export type ShortcutHandler = (e: KeyboardEvent) => void | boolean

export interface ShortcutOptions {
  /** When given and false at the time of the key press, the shortcuts stand aside. */
  enabled?: () => boolean
}

const isMac = () => typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent)

/** matches reports whether the key event is the shortcut. */
export function matchesShortcut(e: KeyboardEvent, shortcut: Shortcut, mac = isMac()): boolean {
  const parts = shortcut.toLowerCase().split('+')
  const key = parts.pop()
  if (!key || e.key?.toLowerCase() !== key) return false
  const want = { ctrl: false, meta: false, alt: false, shift: false }
  for (const p of parts) {
    if (p === 'mod') want[mac ? 'meta' : 'ctrl'] = true
    else if (p in want) want[p as keyof typeof want] = true
  }
  // Shift is part of the key for symbols ("?"), so it is checked only when asked for.
  return e.ctrlKey === want.ctrl && e.metaKey === want.meta && e.altKey === want.alt && (!want.shift || e.shiftKey)
}

/**
 * useShortcuts binds keyboard shortcuts on the window while the calling
 * component is mounted:
 *
 *   useShortcuts({ 'mod+s': () => save(), escape: () => close() })
 *
 * A matched shortcut's default action is prevented (Ctrl+S does not open the
 * browser's save dialog), unless its handler returns false. Keys typed while an
 * input method is composing are left alone. Shortcuts with a modifier fire
 * inside inputs too; plain keys (such as "escape") also do, so a handler that
 * should not act while typing checks e.target itself.
 */
export function useShortcuts(map: Record<Shortcut, ShortcutHandler>, options: ShortcutOptions = {}) {
  function onKeydown(e: KeyboardEvent) {
    if (e.isComposing || e.defaultPrevented || (options.enabled && !options.enabled())) return
    for (const [shortcut, handler] of Object.entries(map)) {
      if (!matchesShortcut(e, shortcut)) continue
      if (handler(e) !== false) e.preventDefault()
      return
    }
  }
  onMounted(() => window.addEventListener('keydown', onKeydown))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown))
}
