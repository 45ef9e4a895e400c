import { h } from 'vue'
import { NButton, type DialogApi } from 'naive-ui'

/** The texts of an editor's leave question, in the UI's language. */
export interface LeaveTexts {
  title: string
  content: string
  stay: string
  discard: string
  save: string
}

/**
 * askLeave asks whether to leave an editor with unsaved changes: stay, leave without saving, or
 * (when save is given: the user may edit) save and leave. It resolves true to leave; Esc and a
 * click outside mean stay. It is the confirm of useUnsavedGuard.
 */
export function askLeave(dialog: DialogApi, texts: LeaveTexts, save: (() => Promise<boolean>) | null): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false
    const done = (v: boolean) => {
      if (settled) return
      settled = true
      d.destroy()
      resolve(v)
    }
    const d = dialog.warning({
      title: texts.title,
      content: texts.content,
      closeOnEsc: true,
      maskClosable: true,
      onAfterLeave: () => done(false),
      action: () =>
        h('div', { class: 'leave-actions' }, [
          h(NButton, { onClick: () => done(false), 'data-test': 'leave-stay' }, { default: () => texts.stay }),
          h(NButton, { type: 'error', ghost: true, onClick: () => done(true), 'data-test': 'leave-discard' }, { default: () => texts.discard }),
          save ? h(NButton, { type: 'primary', onClick: async () => done(await save()), 'data-test': 'leave-save' }, { default: () => texts.save }) : null,
        ]),
    })
  })
}
