import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h, nextTick, ref, withDirectives } from 'vue'
import { mount } from '@vue/test-utils'
import { NTabPane, NTabs } from 'naive-ui'
import { vTabKeys } from './tabKeys'

const mounted: { unmount: () => void }[] = []
afterEach(() => {
  mounted.splice(0).forEach((w) => w.unmount())
  document.body.innerHTML = ''
})

function mountTabs() {
  const value = ref('query')
  const Harness = defineComponent({
    setup: () => () =>
      withDirectives(
        h(
          NTabs,
          { value: value.value, 'onUpdate:value': (v: string) => (value.value = v), type: 'line' },
          { default: () => ['query', 'body', 'header', 'path'].map((n) => h(NTabPane, { name: n, tab: n }, { default: () => `pane ${n}` })) },
        ),
        [[vTabKeys]],
      ),
  })
  mounted.push(mount(Harness, { attachTo: document.body }))
  return value
}

const tabs = () => [...document.querySelectorAll<HTMLElement>('.n-tabs-tab')]
const key = (el: HTMLElement, k: string) => el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }))

describe('vTabKeys', () => {
  it('gives the tabs tablist roles and one Tab stop, on the selected tab', async () => {
    mountTabs()
    await nextTick()
    expect(document.querySelector('[role="tablist"]')).not.toBeNull()
    expect(tabs().map((t) => [t.getAttribute('role'), t.getAttribute('aria-selected'), t.getAttribute('tabindex')])).toEqual([
      ['tab', 'true', '0'],
      ['tab', 'false', '-1'],
      ['tab', 'false', '-1'],
      ['tab', 'false', '-1'],
    ])
  })

  it('moves and selects with the arrows, Home and End, wrapping around', async () => {
    const value = mountTabs()
    await nextTick()
    tabs()[0]!.focus()
    key(tabs()[0]!, 'ArrowRight')
    await nextTick()
    expect(value.value).toBe('body')
    expect(document.activeElement).toBe(tabs()[1])
    await new Promise((r) => setTimeout(r)) // the MutationObserver runs as a microtask after the render
    expect(tabs()[1]!.getAttribute('tabindex')).toBe('0')
    expect(tabs()[0]!.getAttribute('tabindex')).toBe('-1')
    // [tab pressed on, key, tab selected]: End and Home jump, the arrows wrap round.
    const presses = [
      [1, 'End', 'path'],
      [3, 'ArrowRight', 'query'],
      [0, 'ArrowLeft', 'path'],
      [3, 'Home', 'query'],
    ] as const
    for (const [on, pressed, selected] of presses) {
      key(tabs()[on]!, pressed)
      await nextTick()
      expect(value.value).toBe(selected)
    }
  })
})
