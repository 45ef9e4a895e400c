package service_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/service"
)

func TestService_EnsureProfile(t *testing.T) {
	t.Run("the first run creates the profile with every permission", func(t *testing.T) {
		e := newEnv(t)
		me, err := e.svc.Me(e.ctx, admin)
		require.NoError(t, err)
		assert.Equal(t, domain.AllPerms, me.Perms)
		assert.Equal(t, []string{"user.add"}, e.auditActions())
	})

	t.Run("later runs only look the profile up", func(t *testing.T) {
		e := newEnv(t)
		e.expectAudit(func() {
			v, err := e.svc.EnsureProfile(e.ctx, admin)
			require.NoError(t, err)
			assert.Equal(t, admin, v.Name)
		})
		before := snapshot(t, e.svc)
		_, err := e.svc.EnsureProfile(e.ctx, "someone-else")
		requireCode(t, err, domain.ENotFound)
		_, err = e.svc.EnsureProfile(e.ctx, "")
		requireCode(t, err, domain.EValidation, "name")
		assert.Equal(t, before, snapshot(t, e.svc))
	})
}

func TestService_AddUser(t *testing.T) {
	t.Run("adds a profile", func(t *testing.T) {
		e := newEnv(t)
		e.expectAudit(func() {
			v, err := e.svc.AddUser(e.ctx, admin, service.UserInput{Name: "carol", OrgID: "org-1", Perms: []string{domain.PermConnectorsView}, Password: ptr("pw")})
			require.NoError(t, err)
			assert.Equal(t, "carol", v.DisplayName, "the display name defaults to the name")
			assert.True(t, v.HasPassword)
			assert.Equal(t, fixedNow, v.CreatedAt)
		}, "user.add")
		assert.NotContains(t, e.lastAudit().Details, "pw\"")
		users, err := e.svc.ListUsers(e.ctx, "carol")
		require.NoError(t, err)
		require.Len(t, users, 2)
		assert.Equal(t, "admin", users[0].Name)
		assert.Equal(t, "carol", users[1].Name)
	})

	t.Run("refuses bad profiles and changes nothing", func(t *testing.T) {
		e := newEnv(t)
		e.addUser("carol")
		cases := []struct {
			name  string
			in    service.UserInput
			code  string
			field string
		}{
			{"missing name", service.UserInput{Name: " "}, domain.EValidation, "name"},
			{"name not a slug", service.UserInput{Name: "Carol Smith"}, domain.EValidation, "name"},
			{"unknown permission", service.UserInput{Name: "dave", Perms: []string{domain.PermConnectorsView, "root"}}, domain.EValidation, "perms[1]"},
			{"password too long", service.UserInput{Name: "dave", Password: ptr(repeat("p", 73))}, domain.EValidation, "password"},
			{"taken name", service.UserInput{Name: "carol"}, domain.EConflict, "name"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				before := snapshot(t, e.svc)
				_, err := e.svc.AddUser(e.ctx, admin, tc.in)
				requireCode(t, err, tc.code, tc.field)
				assert.Equal(t, before, snapshot(t, e.svc))
			})
		}
	})
}

func TestService_UpdateUser(t *testing.T) {
	t.Run("changes permissions and password", func(t *testing.T) {
		e := newEnv(t)
		e.addUser("carol")
		e.expectAudit(func() {
			v, err := e.svc.UpdateUser(e.ctx, admin, "carol", service.UserInput{DisplayName: "Carol", Perms: []string{domain.PermConnectorsView}, Password: ptr("pw")})
			require.NoError(t, err)
			assert.Equal(t, []string{domain.PermConnectorsView}, v.Perms)
		}, "user.update")
		assert.Equal(t, change{After: []any{domain.PermConnectorsView}}, auditChanges(t, e.lastAudit())["perms"])

		_, err := e.svc.Login(e.ctx, "carol", "pw")
		require.NoError(t, err)
		_, err = e.svc.Login(e.ctx, "carol", "wrong")
		requireCode(t, err, domain.EPermission)

		_, err = e.svc.UpdateUser(e.ctx, admin, "carol", service.UserInput{Password: ptr("")})
		require.NoError(t, err)
		_, err = e.svc.Login(e.ctx, "carol", "anything")
		require.NoError(t, err, "a profile without a password needs none")
	})

	t.Run("refuses bad changes and changes nothing", func(t *testing.T) {
		e := newEnv(t)
		e.addUser("carol")
		cases := []struct {
			name  string
			user  string
			in    service.UserInput
			code  string
			field string
		}{
			{"a new name", "carol", service.UserInput{Name: "caroline"}, domain.EValidation, "name"},
			{"unknown permission", "carol", service.UserInput{Perms: []string{"root"}}, domain.EValidation, "perms[0]"},
			{"the last users.admin giving it up", admin, service.UserInput{Perms: []string{domain.PermConnectorsView}}, domain.ERule, ""},
			{"unknown profile", "nobody", service.UserInput{}, domain.ENotFound, ""},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				before := snapshot(t, e.svc)
				_, err := e.svc.UpdateUser(e.ctx, admin, tc.user, tc.in)
				requireCode(t, err, tc.code, tc.field)
				assert.Equal(t, before, snapshot(t, e.svc))
			})
		}
	})

	t.Run("users.admin can move to another profile", func(t *testing.T) {
		e := newEnv(t)
		e.addUser("carol", domain.PermUsersAdmin)
		_, err := e.svc.UpdateUser(e.ctx, "carol", admin, service.UserInput{Perms: []string{domain.PermConnectorsView}})
		require.NoError(t, err)
		_, err = e.svc.AddUser(e.ctx, admin, service.UserInput{Name: "dave"})
		requireCode(t, err, domain.EPermission)
	})
}
