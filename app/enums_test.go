package app

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
)

func TestTSName(t *testing.T) {
	for v, want := range map[string]string{
		"connector.create": "ConnectorCreate", "not_found": "NotFound", "notContains": "NotContains",
		"apiKey": "ApiKey", "connectors.view": "ConnectorsView", "ok": "Ok",
	} {
		assert.Equal(t, want, tsName(v), v)
	}
}

// Every enum Wails binds has a member per value, each named once (two
// values spelled alike would make one TypeScript enum invalid).
func TestEnums(t *testing.T) {
	enums := Enums()
	require.Len(t, enums, 8)
	for _, e := range enums {
		list := reflect.ValueOf(e)
		require.Greater(t, list.Len(), 0)
		names := map[string]bool{}
		for i := range list.Len() {
			name := list.Index(i).FieldByName("TSName").String()
			assert.NotEmpty(t, name)
			assert.False(t, names[name], "%s: %s twice", list.Type(), name)
			names[name] = true
		}
	}
	actions := Enums()[1].([]enumValue[domain.Action])
	assert.Len(t, actions, len(domain.Actions))
	assert.Equal(t, enumValue[domain.Action]{Value: domain.ActionConnectorCreate, TSName: "ConnectorCreate"}, actions[0])
}
