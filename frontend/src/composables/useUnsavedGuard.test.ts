import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import { useUnsavedGuard } from './useUnsavedGuard'

function setup(answer: boolean) {
  const dirty = ref(false)
  const confirm = vi.fn(async () => answer)
  let leave = () => {}
  const Editor = defineComponent({
    setup() {
      leave = useUnsavedGuard({ dirty, confirm }).leave
      return () => h('div', 'editor')
    },
  })
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/edit', component: Editor },
      { path: '/elsewhere', component: { render: () => h('div', 'elsewhere') } },
    ],
  })
  return { dirty, confirm, router, leave: () => leave() }
}

const mounted: VueWrapper[] = []
afterEach(() => {
  for (const w of mounted.splice(0)) w.unmount()
})

async function start(s: ReturnType<typeof setup>) {
  await s.router.push('/edit')
  await s.router.isReady()
  mounted.push(mount(defineComponent({ render: () => h(RouterView) }), { global: { plugins: [s.router] } }))
  await flushPromises()
}

describe('useUnsavedGuard', () => {
  it.each([
    { when: 'lets a clean page go without asking', answer: false, dirty: false, bypass: false, asks: 0, lands: '/elsewhere' },
    { when: 'asks before leaving unsaved changes and stays when told to', answer: false, dirty: true, bypass: false, asks: 1, lands: '/edit' },
    { when: 'leaves when the user agrees', answer: true, dirty: true, bypass: false, asks: 1, lands: '/elsewhere' },
    { when: 'leaves without asking after leave()', answer: false, dirty: true, bypass: true, asks: 0, lands: '/elsewhere' },
  ])('$when', async ({ answer, dirty, bypass, asks, lands }) => {
    const s = setup(answer)
    await start(s)
    s.dirty.value = dirty
    if (bypass) s.leave()
    await s.router.push('/elsewhere')
    expect(s.confirm).toHaveBeenCalledTimes(asks)
    expect(s.router.currentRoute.value.path).toBe(lands)
  })

  it('asks the browser before the window unloads with unsaved changes', async () => {
    const s = setup(false)
    await start(s)
    const clean = new Event('beforeunload', { cancelable: true })
    window.dispatchEvent(clean)
    expect(clean.defaultPrevented).toBe(false)
    s.dirty.value = true
    const unsaved = new Event('beforeunload', { cancelable: true })
    window.dispatchEvent(unsaved)
    expect(unsaved.defaultPrevented).toBe(true)
  })
})
