package access

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"junction/backend/domain"
)

func TestConnectorRights(t *testing.T) {
	c := &domain.Connector{ID: "c1", OwnerID: "owner"}
	user := func(id string, perms ...string) *domain.User { return &domain.User{ID: id, Name: id, Perms: perms} }
	cases := []struct {
		name  string
		user  *domain.User
		grant string
		want  Rights
	}{
		{"manage sees and manages all", user("admin", domain.PermConnectorsManage), "", Rights{true, true, true}},
		{"owner maintains and manages", user("owner", domain.PermConnectorsView), "", Rights{true, true, true}},
		{"maintain grant", user("m", domain.PermConnectorsView), domain.LevelMaintain, Rights{View: true, Maintain: true}},
		{"view grant", user("v", domain.PermConnectorsView), domain.LevelView, Rights{View: true}},
		{"no grant", user("s", domain.PermConnectorsView), "", Rights{}},
		{"grant without connectors.view", user("g"), domain.LevelMaintain, Rights{}},
		{"owner without connectors.view", user("owner"), "", Rights{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := ConnectorRights(tc.user, c, tc.grant)
			assert.Equal(t, tc.want, got)
		})
	}
	assert.Equal(t, "maintain", Rights{View: true, Maintain: true}.Level())
	assert.Equal(t, "view", Rights{View: true}.Level())
	assert.Equal(t, "", Rights{}.Level())
}

func TestPasswords(t *testing.T) {
	hash, err := HashPassword("correct horse")
	assert.NoError(t, err)
	assert.NotContains(t, hash, "correct horse")
	assert.True(t, CheckPassword(hash, "correct horse"))
	assert.False(t, CheckPassword(hash, "wrong"))
	_, err = HashPassword(string(make([]byte, 73)))
	assert.Equal(t, domain.EValidation, domain.ErrorCode(err))
}

func TestValidatePerms(t *testing.T) {
	assert.NoError(t, ValidatePerms(domain.AllPerms))
	err := ValidatePerms([]string{domain.PermUsersAdmin, "connectors.delete"})
	assert.Equal(t, "perms[1]", domain.ErrorField(err))
	assert.Equal(t, domain.EPermission, domain.ErrorCode(RequirePerm(&domain.User{Name: "x"}, domain.PermUsersAdmin)))
}
