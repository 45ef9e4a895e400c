import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { mount } from '@vue/test-utils'
import { matchesShortcut, useShortcuts } from './useShortcuts'

const key = (k: string, mods: Partial<KeyboardEventInit> = {}) => new KeyboardEvent('keydown', { key: k, cancelable: true, ...mods })

describe('matchesShortcut', () => {
  it('reads mod as Ctrl elsewhere and Cmd on macOS', () => {
    expect(matchesShortcut(key('s', { ctrlKey: true }), 'mod+s', false)).toBe(true)
    expect(matchesShortcut(key('s', { metaKey: true }), 'mod+s', false)).toBe(false)
    expect(matchesShortcut(key('s', { metaKey: true }), 'mod+s', true)).toBe(true)
    expect(matchesShortcut(key('S', { ctrlKey: true, shiftKey: true }), 'mod+s', false)).toBe(true)
  })
  it('wants exactly the modifiers named', () => {
    expect(matchesShortcut(key('s'), 'mod+s', false)).toBe(false)
    expect(matchesShortcut(key('s', { ctrlKey: true, altKey: true }), 'mod+s', false)).toBe(false)
    expect(matchesShortcut(key('Escape'), 'escape', false)).toBe(true)
    expect(matchesShortcut(key('Enter', { ctrlKey: true }), 'mod+enter', false)).toBe(true)
  })
})

describe('useShortcuts', () => {
  it('runs the handler while mounted and prevents the default action', () => {
    const save = vi.fn()
    const wrapper = mount(defineComponent({ setup: () => (useShortcuts({ 'ctrl+s': save }), () => h('div')) }))
    const e = key('s', { ctrlKey: true })
    window.dispatchEvent(e)
    expect(save).toHaveBeenCalledTimes(1)
    expect(e.defaultPrevented).toBe(true)
    wrapper.unmount()
    window.dispatchEvent(key('s', { ctrlKey: true }))
    expect(save).toHaveBeenCalledTimes(1)
  })
  it('lets a key through when the handler returns false, and stands aside when disabled', () => {
    let on = true
    const esc = vi.fn(() => false as const)
    const wrapper = mount(defineComponent({ setup: () => (useShortcuts({ escape: esc }, { enabled: () => on }), () => h('div')) }))
    const e = key('Escape')
    window.dispatchEvent(e)
    expect(esc).toHaveBeenCalledTimes(1)
    expect(e.defaultPrevented).toBe(false)
    on = false
    window.dispatchEvent(key('Escape'))
    expect(esc).toHaveBeenCalledTimes(1)
    wrapper.unmount()
  })
})
