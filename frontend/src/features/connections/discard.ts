import type { useDialog } from 'naive-ui'

type Dialog = ReturnType<typeof useDialog>
type Translate = (key: string) => string

let asking: Promise<boolean> | null = null
/** Closes the open question as "keep editing". */
let dismiss: (() => void) | null = null

/**
 * confirmDiscard asks whether to drop unsaved changes; resolves true to
 * drop them. A second request while the question is open gets the same answer.
 * Esc on the question is left to the caller's own Esc shortcut, which calls
 * dismissDiscard: the question has no Esc handling of its own, so one key
 * press never both answers it and asks it again.
 */
export function confirmDiscard(dialog: Dialog, t: Translate): Promise<boolean> {
  asking ??= new Promise<boolean>((resolve) => {
    // Opened after the key event that asked (Esc) has gone by, so that no
    // listener of that same event sees the new question.
    setTimeout(() => ask(dialog, t, resolve))
  }).finally(() => {
    asking = null
    dismiss = null
  })
  return asking
}

/** dismissDiscard answers an open question with "keep editing"; false when none is open. */
export function dismissDiscard(): boolean {
  if (!asking) return false
  dismiss?.()
  return true
}

function ask(dialog: Dialog, t: Translate, resolve: (v: boolean) => void) {
  let answered = false
  const answer = (v: boolean) => {
    if (!answered) {
      answered = true
      resolve(v)
    }
  }
  const d = dialog.warning({
    title: t('connection.discard.title'),
    content: t('connection.discard.content'),
    positiveText: t('connection.discard.confirm'),
    negativeText: t('connection.discard.keep'),
    closeOnEsc: false,
    onPositiveClick: () => answer(true),
    onNegativeClick: () => answer(false),
    onClose: () => answer(false),
    onMaskClick: () => answer(false),
    onAfterLeave: () => answer(false),
  })
  dismiss = () => {
    answer(false)
    d.destroy()
  }
}
