import { afterEach, describe, expect, it, vi } from 'vitest'
// Imported before anything that loads @/api: the vi.mock factories below call it then.
import { withApiOverrides } from '@/test/mockApi'
import { defineComponent, h, nextTick, ref } from 'vue'
import { flushPromises } from '@vue/test-utils'
import { createPinia } from 'pinia'
import type { ResponseParam } from '@/api/interfaces'
import { mountWithProviders } from '@/test/mount'
import BulkAddDialog from './BulkAddDialog.vue'
import { createEditor, provideEditor, type Editor } from './editor'
import { newParamRow } from './model'
import ParamTree from './ParamTree.vue'

// The dialog reaches the backend through @/api only; the test stands in for
// the two sample calls with what schema.FromSample answers for these samples.
const fromSample = vi.fn<(s: string) => Promise<ResponseParam[]>>()
vi.mock('@/api', (importOriginal) =>
  withApiOverrides<typeof import('@/api')>(importOriginal, {
    ifaceApi: {
      responseFromSample: (s: string) => fromSample(s),
      mergeResponse: async (existing: ResponseParam[], s: string) => [...existing, ...(await fromSample(s)).filter((p) => !existing.some((e) => e.name === p.name))],
    },
  }),
)

const mounted: { unmount: () => void }[] = []
afterEach(() => {
  mounted.splice(0).forEach((w) => w.unmount())
  document.body.innerHTML = ''
  fromSample.mockReset()
})

function mountWith(render: () => ReturnType<typeof h>, setup?: (e: Editor) => void) {
  let editor!: Editor
  const WithEditor = defineComponent({
    setup() {
      editor = createEditor(ref('crm'), ref(null))
      setup?.(editor)
      provideEditor(editor)
      return render
    },
  })
  const w = mountWithProviders(() => h(WithEditor), { locale: 'en', plugins: [createPinia()], attachTo: document.body })
  mounted.push(w)
  return { w, editor: () => editor }
}

const textarea = () => document.querySelector<HTMLTextAreaElement>('[data-test="bulk-sample"] textarea')!
async function type(text: string) {
  const el = textarea()
  el.value = text
  el.dispatchEvent(new Event('input'))
  await nextTick()
}
const previewNames = () => [...document.querySelectorAll<HTMLElement>('[data-test="bulk-preview"] .pline')].map((l) => l.dataset.name)
const applyButton = () => document.querySelector<HTMLButtonElement>('[data-test="bulk-apply"]')!

describe('BulkAddDialog, key: value lines', () => {
  it('previews pasted headers and merges the new ones into the draft', async () => {
    const { editor } = mountWith(
      () => h(BulkAddDialog, { show: true, target: 'header' }),
      (e) => e.draft.request.header.push(newParamRow({ name: 'Accept', defaultText: 'text/plain' })),
    )
    await flushPromises()
    await type('accept: */*\nX-Request-Id\tabc\n:authority: api.test')
    expect(previewNames()).toEqual(['Accept', 'X-Request-Id'])
    expect(document.querySelector('[data-test="bulk-skipped"]')?.textContent).toContain('line 3')
    expect(document.querySelector('[data-test="bulk-summary"]')?.textContent).toContain('1 new of 2 params')
    applyButton().click()
    await flushPromises()
    expect(editor().draft.request.header.map((r) => [r.name, r.defaultText])).toEqual([
      ['Accept', 'text/plain'],
      ['X-Request-Id', 'abc'],
    ])
    expect(document.body.textContent).toContain('Added 1 header')
  })

  it('opens with the sample it is given', async () => {
    mountWith(() => h(BulkAddDialog, { show: true, target: 'query', sample: '?page=1&size=20' }))
    await flushPromises()
    expect(textarea().value).toBe('?page=1&size=20')
    expect(previewNames()).toEqual(['page', 'size'])
  })
})

describe('BulkAddDialog, JSON body', () => {
  it('builds body params from a sample, offers a type for a null, and sets the body type', async () => {
    fromSample.mockResolvedValue([
      { name: 'id', type: 'integer', path: 'id' },
      { name: 'manager', type: 'string', path: 'manager' },
    ])
    const { editor } = mountWith(() => h(BulkAddDialog, { show: true, target: 'body' }))
    await flushPromises()
    await type('{"id": 1, "manager": null}')
    await vi.waitFor(() => expect(previewNames()).toEqual(['id', 'manager']))
    const selects = document.querySelectorAll('[data-test="bulk-null-type"]')
    expect(selects).toHaveLength(1)
    expect(selects[0]!.closest('.pline')?.getAttribute('data-name')).toBe('manager')
    expect(document.body.textContent).toContain('null in the sample: choose a type')
    applyButton().click()
    await flushPromises()
    const d = editor().draft
    expect(d.request.body.map((r) => [r.name, r.type])).toEqual([
      ['id', 'integer'],
      ['manager', 'string'],
    ])
    expect(d.bodyType).toBe('json')
    expect(document.body.textContent).toContain('Built 2 body params; the body type is now JSON')
  })
})

describe('BulkAddDialog outside the editor', () => {
  it('merges into the params it is given and emits them', async () => {
    fromSample.mockResolvedValue([
      { name: 'code', type: 'integer', path: 'code' },
      { name: 'data', type: 'object', path: 'data', children: [{ name: 'id', type: 'integer', path: 'id' }] },
    ])
    const applied: ResponseParam[][] = []
    mounted.push(
      mountWithProviders(
        () => h(BulkAddDialog, { show: true, sample: '{"code":0,"data":{"id":1}}', existing: [{ name: 'code', type: 'integer', path: 'code' }], onApply: (p: ResponseParam[]) => applied.push(p) }),
        { locale: 'en', plugins: [createPinia()], attachTo: document.body },
      ),
    )
    await vi.waitFor(() => expect(previewNames()).toEqual(['code', 'data', 'id']))
    expect(document.querySelector('[data-test="bulk-summary"]')?.textContent).toContain('2 new of 3 params')
    applyButton().click()
    await flushPromises()
    expect(applied).toHaveLength(1)
    expect(applied[0]!.map((p) => p.name)).toEqual(['code', 'data'])
    expect(document.body.textContent).toContain('Added 2 response params')
  })
})

describe('ParamTree, Enter in a name', () => {
  it('adds the next row and focuses its name, or moves to the empty row below', async () => {
    const { editor } = mountWith(
      () => h(ParamTree, { where: 'query' }),
      (e) => {
        e.draft.request.query.push(newParamRow({ name: 'page' }))
        // editable needs maintain access on a loaded connector.
        ;(e.connector as { value: unknown }).value = { key: 'crm', status: 'active', access: { level: 'maintain' }, connectionList: [] }
      },
    )
    await flushPromises()
    const names = () => [...document.querySelectorAll<HTMLInputElement>('[data-test="param-name"] input')]
    names()[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    await flushPromises()
    expect(editor().draft.request.query).toHaveLength(2)
    await vi.waitFor(() => expect(document.activeElement).toBe(names()[1]))
    // Enter on the first again: the empty row below takes the focus, no third row.
    names()[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    await flushPromises()
    expect(editor().draft.request.query).toHaveLength(2)
    // Not while an IME is composing (Chinese input commits with Enter).
    names()[1]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, isComposing: true }))
    await flushPromises()
    expect(editor().draft.request.query).toHaveLength(2)
  })
})
