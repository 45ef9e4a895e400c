import { h, type VNode } from 'vue'
import { NButton, NDropdown, NIcon, type DropdownOption } from 'naive-ui'
import { EllipsisHorizontal } from '@vicons/ionicons5'

/** Renders a table row's round "…" button that opens the row's action menu. */
export function renderRowMenu(menu: {
  options: DropdownOption[]
  onSelect: (key: string) => void
  /** The button's accessible name (it shows only an icon). */
  label: string
  dataTest: string
  onClick?: (e: MouseEvent) => void
}): VNode {
  return h(NDropdown, { trigger: 'click', options: menu.options, onSelect: menu.onSelect }, () =>
    h(
      NButton,
      {
        size: 'small',
        quaternary: true,
        circle: true,
        'aria-label': menu.label,
        'data-test': menu.dataTest,
        onClick: menu.onClick,
      },
      { icon: () => h(NIcon, { component: EllipsisHorizontal }) },
    ),
  )
}
