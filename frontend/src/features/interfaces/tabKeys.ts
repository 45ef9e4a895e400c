// vTabKeys gives a Naive UI NTabs the keyboard of a tab list (WAI-ARIA tabs
// pattern): one Tab stop on the selected tab, ←/→ (and Home/End) move to and
// select the neighbouring tab, Enter or Space selects the focused one. NTabs
// renders its tabs as plain divs with neither a role nor a tabindex; the
// directive adds them and keeps them in step as the selection changes.
import type { Directive } from 'vue'
import './tabKeys.css'

const tabSel = '.n-tabs-tab:not(.n-tabs-tab--addable)'

function tabsOf(root: HTMLElement): HTMLElement[] {
  // Only this NTabs' own tabs, not those of a NTabs inside one of its panes.
  return [...root.querySelectorAll<HTMLElement>(tabSel)].filter((t) => t.closest('.n-tabs') === root)
}

/** syncTabs sets the roles, the selection and the single Tab stop from the tabs' classes. */
export function syncTabs(root: HTMLElement) {
  const tabs = tabsOf(root)
  if (!tabs.length) return
  const list = tabs[0]!.closest('.n-tabs-nav-scroll-content') ?? tabs[0]!.parentElement?.parentElement
  if (list && list.getAttribute('role') !== 'tablist') list.setAttribute('role', 'tablist')
  const active = tabs.find((t) => t.classList.contains('n-tabs-tab--active')) ?? tabs[0]!
  for (const t of tabs) {
    const wrapper = t.parentElement
    if (wrapper?.classList.contains('n-tabs-tab-wrapper') && wrapper.getAttribute('role') !== 'none') wrapper.setAttribute('role', 'none')
    const want: Record<string, string> = {
      role: 'tab',
      'aria-selected': String(t === active),
      tabindex: t === active ? '0' : '-1',
    }
    if (t.classList.contains('n-tabs-tab--disabled')) want['aria-disabled'] = 'true'
    for (const [k, v] of Object.entries(want)) if (t.getAttribute(k) !== v) t.setAttribute(k, v)
  }
}

function onKeydown(e: KeyboardEvent) {
  const root = e.currentTarget as HTMLElement
  const tab = (e.target as HTMLElement | null)?.closest<HTMLElement>(tabSel)
  if (!tab || tab.closest('.n-tabs') !== root || e.altKey || e.ctrlKey || e.metaKey) return
  const tabs = tabsOf(root).filter((t) => !t.classList.contains('n-tabs-tab--disabled'))
  const i = tabs.indexOf(tab)
  let to: HTMLElement | undefined
  switch (e.key) {
    case 'ArrowRight':
      to = tabs[(i + 1) % tabs.length]
      break
    case 'ArrowLeft':
      to = tabs[(i - 1 + tabs.length) % tabs.length]
      break
    case 'Home':
      to = tabs[0]
      break
    case 'End':
      to = tabs[tabs.length - 1]
      break
    case 'Enter':
    case ' ':
      e.preventDefault()
      tab.click()
      return
    default:
      return
  }
  if (!to) return
  e.preventDefault()
  to.click()
  to.focus()
}

const observers = new WeakMap<HTMLElement, MutationObserver>()

export const vTabKeys: Directive<HTMLElement> = {
  mounted(el) {
    el.classList.add('j-tab-keys')
    syncTabs(el)
    el.addEventListener('keydown', onKeydown)
    const mo = new MutationObserver(() => syncTabs(el))
    mo.observe(el, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] })
    observers.set(el, mo)
  },
  unmounted(el) {
    el.removeEventListener('keydown', onKeydown)
    observers.get(el)?.disconnect()
    observers.delete(el)
  },
}
