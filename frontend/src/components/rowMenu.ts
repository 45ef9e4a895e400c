import { computed, defineComponent, h, shallowRef, type VNode } from 'vue'
import { NButton, NDropdown, NIcon, type DropdownOption } from 'naive-ui'
import { EllipsisHorizontal } from '@vicons/ionicons5'

/**
 * A table's row menus: one round "…" button per row and one dropdown for the
 * whole table, opened under the button that was pressed with that row's
 * options. One dropdown instead of one per row keeps the rows light to render.
 * Place `Menu` once next to the table; `button` renders in a column.
 */
export function useRowMenu<T>(menu: {
  /** The options for a row, built when its menu opens. */
  options: (row: T) => DropdownOption[]
  onSelect: (row: T, key: string) => void
}) {
  const open = shallowRef<{ row: T; x: number; y: number; trigger: HTMLElement } | null>(null)
  const options = computed(() => (open.value ? menu.options(open.value.row) : []))

  function close(refocus: boolean) {
    const trigger = open.value?.trigger
    open.value = null
    // Escape (or a pick) hands the focus back to the button, for keyboard use.
    if (refocus && trigger?.isConnected) trigger.focus()
  }

  function toggle(row: T, trigger: HTMLElement) {
    if (open.value?.trigger === trigger) return close(false)
    const r = trigger.getBoundingClientRect()
    open.value = { row, x: r.right, y: r.bottom, trigger }
  }

  /** The row's button; its click opens the menu only, never the row. */
  function button(row: T, props: { label: string; dataTest: string }): VNode {
    return h(
      NButton,
      {
        size: 'small',
        quaternary: true,
        circle: true,
        // The button's accessible name: it shows only an icon.
        'aria-label': props.label,
        'aria-haspopup': 'menu',
        'data-test': props.dataTest,
        onClick: (e: MouseEvent) => {
          e.stopPropagation()
          toggle(row, e.currentTarget as HTMLElement)
        },
      },
      { icon: () => h(NIcon, { component: EllipsisHorizontal }) },
    )
  }

  const Menu = defineComponent({
    name: 'RowMenu',
    setup: () => () =>
      h(NDropdown, {
        trigger: 'manual',
        placement: 'bottom-end',
        show: !!open.value,
        x: open.value?.x ?? 0,
        y: open.value?.y ?? 0,
        options: options.value,
        onSelect: (key: string | number) => {
          const row = open.value?.row
          close(true)
          if (row !== undefined) menu.onSelect(row, String(key))
        },
        onClickoutside: (e: MouseEvent) => {
          // A press on the open menu's own button toggles it in its click handler.
          if (!open.value?.trigger.contains(e.target as Node)) close(false)
        },
        'onUpdate:show': (show: boolean) => !show && close(true),
      }),
  })

  return { button, Menu }
}
