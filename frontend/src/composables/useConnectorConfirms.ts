import { useI18n } from 'vue-i18n'
import { useDialog } from 'naive-ui'

type Named = { key: string; name: string }

/**
 * The confirmations before sealing or deleting a connector, asked the same way from the connector
 * list and the connector's own page. `onConfirm` runs on the positive button; a promise it returns
 * keeps the dialog busy until it settles.
 */
export function useConnectorConfirms() {
  const dialog = useDialog()
  const { t } = useI18n()
  return {
    confirmSeal(c: Named, onConfirm: () => unknown) {
      dialog.warning({
        title: t('connectors.seal.title'),
        content: t('connectors.seal.confirm', { name: c.name }),
        positiveText: t('connectors.seal.action'),
        negativeText: t('common.cancel'),
        onPositiveClick: onConfirm,
      })
    },
    confirmDelete(c: Named, onConfirm: () => unknown) {
      dialog.error({
        title: t('connectors.delete.title'),
        content: t('connectors.delete.confirm', { name: c.name, key: c.key }),
        positiveText: t('connectors.delete.action'),
        negativeText: t('common.cancel'),
        positiveButtonProps: { type: 'error' },
        onPositiveClick: onConfirm,
      })
    },
  }
}
