import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { useRowMenu } from './rowMenu'

type Row = { key: string }
const rows: Row[] = [{ key: 'crm' }, { key: 'hr' }, { key: 'erp' }]

function mountRows() {
  const picked: string[] = []
  const Table = defineComponent({
    setup() {
      const { button, Menu } = useRowMenu<Row>({
        options: (row) => [{ key: 'edit', label: `edit ${row.key}` }, { key: 'delete', label: `delete ${row.key}` }],
        onSelect: (row, key) => picked.push(`${key} ${row.key}`),
      })
      return () => h('div', [...rows.map((row) => button(row, { label: 'More', dataTest: `menu-${row.key}` })), h(Menu)])
    },
  })
  return { wrapper: mount(Table, { attachTo: document.body }), picked }
}

const menus = () => document.body.querySelectorAll('.n-dropdown-menu')
const optionTexts = () => [...document.body.querySelectorAll('.n-dropdown-option-body')].map((o) => o.textContent?.trim())

describe('useRowMenu', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('opens one menu, with the options of the row whose button was pressed', async () => {
    const { wrapper, picked } = mountRows()
    expect(menus()).toHaveLength(0)
    await wrapper.find('[data-test=menu-hr]').trigger('click')
    await flushPromises()
    expect(menus()).toHaveLength(1)
    expect(optionTexts()).toEqual(['edit hr', 'delete hr'])

    const del = [...document.body.querySelectorAll<HTMLElement>('.n-dropdown-option-body')].find((o) => o.textContent?.includes('delete'))!
    del.click()
    await flushPromises()
    expect(picked).toEqual(['delete hr'])
  })

  it('another row’s button shows that row’s options in the same menu', async () => {
    const { wrapper } = mountRows()
    await wrapper.find('[data-test=menu-crm]').trigger('click')
    await flushPromises()
    await wrapper.find('[data-test=menu-erp]').trigger('click')
    await flushPromises()
    expect(optionTexts()).toEqual(['edit erp', 'delete erp'])
  })

  it('Escape closes it and gives the focus back to the button', async () => {
    const { wrapper } = mountRows()
    const button = wrapper.find<HTMLButtonElement>('[data-test=menu-crm]')
    await button.trigger('click')
    await flushPromises()
    expect(button.attributes('aria-haspopup')).toBe('menu')
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', code: 'Escape', bubbles: true }))
    await flushPromises()
    expect(document.activeElement).toBe(button.element)
    await wrapper.find('[data-test=menu-crm]').trigger('click')
    await flushPromises()
    expect(optionTexts()).toEqual(['edit crm', 'delete crm'])
  })
})
