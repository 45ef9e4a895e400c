/**
 * Inputs that take Enter for themselves: a select or tag input commits its
 * entry, an auto-complete its choice, a dynamic-tags input its tag.
 */
const ownsEnter = '.n-base-selection, .n-select, .n-auto-complete, .n-dynamic-tags, .n-date-picker, .n-time-picker'

/**
 * submitsOnEnter tells whether a key press inside a form dialog submits it:
 * Ctrl/Cmd+Enter from anywhere, a plain Enter only from a single-line text
 * field. Enter in a tag or select input only commits that input (the tag
 * typed so far would otherwise be the last one saved), Enter in a textarea is
 * a new line, and nothing happens while an input method composes.
 */
export function submitsOnEnter(e: KeyboardEvent): boolean {
  if (e.key !== 'Enter' || e.isComposing) return false
  if (e.ctrlKey || e.metaKey) return true
  if (e.shiftKey || e.altKey) return false
  const target = e.target
  if (!(target instanceof HTMLInputElement)) return false
  return !!target.closest('.n-input') && !target.closest(ownsEnter)
}
