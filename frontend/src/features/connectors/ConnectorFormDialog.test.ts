import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
// Imported before anything that loads @/api: the vi.mock factories below call it then.
import { withApiOverrides } from '@/test/mockApi'
import { defineComponent, h, nextTick } from 'vue'
import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { ConnectorDetail, ConnectorInput } from '@/api'
import { mountWithProviders } from '@/test/mount'
import ConnectorFormDialog from './ConnectorFormDialog.vue'
import { submitsOnEnter } from './dialogKeys'

// The dialog talks to the backend only through @/api; the test stands in for that seam.
const create = vi.fn<(input: ConnectorInput) => Promise<ConnectorDetail>>()
vi.mock('@/api', (importOriginal) =>
  withApiOverrides<typeof import('@/api')>(importOriginal, {
    connectors: {
      create: (input: ConnectorInput) => create(input),
      list: async () => ({ items: [], total: 0, tags: [] }),
    },
  }),
)

const detail = (input: ConnectorInput) =>
  ({
    ...input,
    id: 'c1',
    status: 'active',
    owner: 'alice',
    connections: 0,
    interfaces: 0,
    updatedAt: '2026-11-23T08:00:00Z',
    createdAt: '2026-11-23T08:00:00Z',
    createdBy: 'alice',
    updatedBy: 'alice',
    access: { level: 'maintain', canManage: true, canDelete: true },
    connectionList: [],
    interfaceList: [],
  }) as unknown as ConnectorDetail

// Naive's modal traps focus, and under happy-dom that trap blurs the tag input on
// every key (which drops the typed tag); in Chromium it does not (the E2E test
// connector-centre-polish covers the real modal). The stand-in renders the same
// content and footer.
const PlainModal = defineComponent({
  props: { show: Boolean },
  setup: (props, { slots }) => () => (props.show ? h('div', { class: 'plain-modal' }, [slots.default?.(), slots.footer?.()]) : null),
})

async function mountDialog() {
  const pinia = createPinia()
  setActivePinia(pinia)
  const wrapper = mountWithProviders(() => h(ConnectorFormDialog, { show: true }), {
    locale: 'zh-CN',
    plugins: [pinia],
    dialog: true,
    stubs: { Modal: PlainModal },
    attachTo: document.body,
  })
  await flushPromises()
  return wrapper
}

const body = () => new (class {
  find(sel: string) {
    const el = document.body.querySelector(sel)
    if (!el) throw new Error(`no ${sel}`)
    return el as HTMLElement
  }
})()

function press(el: Element, init: KeyboardEventInit = {}) {
  el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true, ...init }))
}

async function typeInto(el: HTMLInputElement, value: string) {
  el.value = value
  el.dispatchEvent(new Event('input', { bubbles: true }))
  await nextTick()
}

describe('ConnectorFormDialog keys', () => {
  beforeEach(() => {
    create.mockReset()
    create.mockImplementation(async (input) => detail(input))
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('commits each tag on Enter without submitting, then submits from a text field with both tags', async () => {
    await mountDialog()
    const b = body()
    await typeInto(b.find('[data-test=name] input') as HTMLInputElement, 'Open Platform')

    const tagInput = () => b.find('[data-test=tags] input') as HTMLInputElement
    for (const tag of ['办公', 'HR']) {
      tagInput().focus()
      await typeInto(tagInput(), tag)
      press(tagInput())
      await flushPromises()
    }
    expect(create).not.toHaveBeenCalled()
    expect(b.find('[data-test=tags]').textContent).toContain('办公')
    expect(b.find('[data-test=tags]').textContent).toContain('HR')

    press(b.find('[data-test=version] input'))
    await flushPromises()
    expect(create).toHaveBeenCalledTimes(1)
    expect(create.mock.calls[0][0]).toMatchObject({ name: 'Open Platform', key: 'open-platform', tags: ['办公', 'HR'] })
  })

  it('submits on Ctrl+Enter from the tag input and the description, not on a plain Enter in the description', async () => {
    await mountDialog()
    const b = body()
    await typeInto(b.find('[data-test=name] input') as HTMLInputElement, '钉钉')
    const description = b.find('[data-test=description] textarea')
    press(description)
    await flushPromises()
    expect(create).not.toHaveBeenCalled()

    press(b.find('[data-test=tags] input'), { ctrlKey: true })
    await flushPromises()
    expect(create).toHaveBeenCalledTimes(1)
    expect(create.mock.calls[0][0]).toMatchObject({ name: '钉钉', key: 'ding-ding' })
  })
})

describe('submitsOnEnter', () => {
  function event(target: Element, init: KeyboardEventInit = {}) {
    const e = new KeyboardEvent('keydown', { key: 'Enter', ...init })
    Object.defineProperty(e, 'target', { value: target })
    return e
  }
  function inside(wrapperClass: string, tag = 'input') {
    const outer = document.createElement('div')
    outer.className = wrapperClass
    const el = document.createElement(tag)
    outer.appendChild(el)
    document.body.appendChild(outer)
    return el
  }

  it.each([
    ['a text field', inside('n-input'), {}, true],
    ['a text field with Shift', inside('n-input'), { shiftKey: true }, false],
    ['a textarea', inside('n-input', 'textarea'), {}, false],
    ['a textarea with Ctrl', inside('n-input', 'textarea'), { ctrlKey: true }, true],
    ['a select input', inside('n-base-selection'), {}, false],
    ['a select input with Cmd', inside('n-base-selection'), { metaKey: true }, true],
    ['a button', inside('n-input', 'button'), {}, false],
    ['a composing input method', inside('n-input'), { isComposing: true }, false],
  ] as [string, Element, KeyboardEventInit, boolean][])('Enter in %s: %s', (_name, target, init, want) => {
    expect(submitsOnEnter(event(target, init))).toBe(want)
  })

  it('ignores other keys', () => {
    expect(submitsOnEnter(new KeyboardEvent('keydown', { key: 'a' }))).toBe(false)
  })
})
