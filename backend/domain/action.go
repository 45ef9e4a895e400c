package domain

// Action names what an audit entry records. The values are stable: stored in
// every entry, filtered on by `junction audit --action` and rendered by the
// UI in its language (frontend/src/i18n: audit.action.<value>).
type Action string

const (
	ActionConnectorCreate  Action = "connector.create"
	ActionConnectorUpdate  Action = "connector.update"
	ActionConnectorDelete  Action = "connector.delete"
	ActionConnectorSeal    Action = "connector.seal"
	ActionConnectorUnseal  Action = "connector.unseal"
	ActionConnectorGrant   Action = "connector.grant"
	ActionConnectorRevoke  Action = "connector.revoke"
	ActionConnectorExport  Action = "connector.export"
	ActionConnectorImport  Action = "connector.import"
	ActionConnectionCreate Action = "connection.create"
	ActionConnectionUpdate Action = "connection.update"
	ActionConnectionDelete Action = "connection.delete"
	ActionConnectionSeal   Action = "connection.seal"
	ActionConnectionUnseal Action = "connection.unseal"
	ActionConnectionCheck  Action = "connection.check"
	ActionAccountSave      Action = "account.save"
	ActionAccountDelete    Action = "account.delete"
	ActionSecretSet        Action = "secret.set"
	ActionSecretRekey      Action = "secret.rekey"
	ActionInterfaceCreate  Action = "interface.create"
	ActionInterfaceUpdate  Action = "interface.update"
	ActionInterfaceDelete  Action = "interface.delete"
	ActionInterfaceInvoke  Action = "interface.invoke"
	ActionInterfaceTest    Action = "interface.test"
	ActionUserAdd          Action = "user.add"
	ActionUserUpdate       Action = "user.update"
	ActionSettingsUpdate   Action = "settings.update"
	ActionFlowCreate       Action = "flow.create"
	ActionFlowUpdate       Action = "flow.update"
	ActionFlowDelete       Action = "flow.delete"
	ActionFlowEnable       Action = "flow.enable"
	ActionFlowDisable      Action = "flow.disable"
	ActionFlowRun          Action = "flow.run"
	ActionFlowCancel       Action = "flow.cancel"
)

// Actions is every Action, in the order above: the list the frontend
// receives (EnumBind) and the audit filter offers. Later features append.
var Actions = []Action{
	ActionConnectorCreate, ActionConnectorUpdate, ActionConnectorDelete, ActionConnectorSeal,
	ActionConnectorUnseal, ActionConnectorGrant, ActionConnectorRevoke, ActionConnectorExport,
	ActionConnectorImport, ActionConnectionCreate, ActionConnectionUpdate, ActionConnectionDelete,
	ActionConnectionSeal, ActionConnectionUnseal, ActionConnectionCheck, ActionAccountSave,
	ActionAccountDelete, ActionSecretSet, ActionSecretRekey, ActionInterfaceCreate,
	ActionInterfaceUpdate, ActionInterfaceDelete, ActionInterfaceInvoke, ActionInterfaceTest, ActionUserAdd,
	ActionUserUpdate, ActionSettingsUpdate, ActionFlowCreate, ActionFlowUpdate, ActionFlowDelete,
	ActionFlowEnable, ActionFlowDisable, ActionFlowRun, ActionFlowCancel,
}
