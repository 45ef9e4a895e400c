import { h, type VNode } from 'vue'

/**
 * A table cell's text on one line, cut with an ellipsis where the column is
 * too narrow, its whole text in the native title. Plain CSS instead of a
 * tooltip component per cell: nothing is measured while a page renders.
 */
export function cellText(text: string, cls?: string, title = text): VNode {
  return h('span', { class: cls ? `cell-text ${cls}` : 'cell-text', title }, text)
}
