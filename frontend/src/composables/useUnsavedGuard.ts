import { onBeforeUnmount, onMounted, toValue, type MaybeRefOrGetter } from 'vue'
import { onBeforeRouteLeave } from 'vue-router'

export interface UnsavedGuardOptions {
  /** Whether there are unsaved changes now. */
  dirty: MaybeRefOrGetter<boolean>
  /**
   * Asks the user whether to leave and lose the changes; resolves true to
   * leave. (A page passes a dialog built with its own texts.)
   */
  confirm: () => Promise<boolean>
}

/**
 * useUnsavedGuard keeps a page with unsaved changes from being left by
 * accident: a route change asks options.confirm first, and closing or
 * reloading the window asks the browser's own question (beforeunload). Call it
 * in the setup of the routed page component (it uses onBeforeRouteLeave).
 *
 * It returns leave(), which lets the next route change through without asking:
 * call it right before navigating away on purpose, as after a save that
 * moves to the saved item's own address.
 */
export function useUnsavedGuard(options: UnsavedGuardOptions) {
  let bypass = false
  let asking: Promise<boolean> | null = null

  onBeforeRouteLeave(async () => {
    if (bypass) {
      bypass = false
      return true
    }
    if (!toValue(options.dirty)) return true
    // A second navigation while the question is open gets the same answer.
    asking ??= options.confirm().finally(() => (asking = null))
    return asking
  })

  function onBeforeUnload(e: BeforeUnloadEvent) {
    if (!toValue(options.dirty)) return
    e.preventDefault()
    // Older engines (and WebKitGTK) want returnValue set to show the prompt.
    e.returnValue = ''
  }
  onMounted(() => window.addEventListener('beforeunload', onBeforeUnload))
  onBeforeUnmount(() => window.removeEventListener('beforeunload', onBeforeUnload))

  return {
    /** Lets the next route change through without asking. */
    leave() {
      bypass = true
    },
  }
}
