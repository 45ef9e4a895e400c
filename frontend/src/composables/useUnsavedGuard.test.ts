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
  it('lets a clean page go without asking', async () => {
    const s = setup(false)
    await start(s)
    await s.router.push('/elsewhere')
    expect(s.confirm).not.toHaveBeenCalled()
    expect(s.router.currentRoute.value.path).toBe('/elsewhere')
  })

  it('asks before leaving unsaved changes and stays when told to', async () => {
    const s = setup(false)
    await start(s)
    s.dirty.value = true
    await s.router.push('/elsewhere')
    expect(s.confirm).toHaveBeenCalledTimes(1)
    expect(s.router.currentRoute.value.path).toBe('/edit')
  })

  it('leaves when the user agrees, or without asking after leave()', async () => {
    const yes = setup(true)
    await start(yes)
    yes.dirty.value = true
    await yes.router.push('/elsewhere')
    expect(yes.router.currentRoute.value.path).toBe('/elsewhere')

    const bypass = setup(false)
    await start(bypass)
    bypass.dirty.value = true
    bypass.leave()
    await bypass.router.push('/elsewhere')
    expect(bypass.confirm).not.toHaveBeenCalled()
    expect(bypass.router.currentRoute.value.path).toBe('/elsewhere')
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
