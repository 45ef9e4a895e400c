// Package access decides what a local profile may do: system permissions,
// per-connector grants, ownership, and profile passwords.
package access

import (
	"fmt"

	"golang.org/x/crypto/bcrypt"

	"junction/backend/domain"
)

// Rights is what one user may do with one connector.
type Rights struct {
	View     bool // list, show, read the operation log, export without secrets, invoke
	Maintain bool // edit, seal, unseal, delete, change connections, interfaces and accounts
	Manage   bool // change the connector's permissions
}

// Level names the rights for display: "maintain", "view" or "".
func (r Rights) Level() string {
	switch {
	case r.Maintain:
		return domain.LevelMaintain
	case r.View:
		return domain.LevelView
	}
	return ""
}

// ConnectorRights combines the user's system permissions, ownership and grant
// level on c. Without connectors.view (or connectors.manage) a user sees no
// connector at all, whatever the grants say.
func ConnectorRights(u *domain.User, c *domain.Connector, grantLevel string) Rights {
	return VisibleTo(u).Rights(c.OwnerID, grantLevel)
}

// Scope is the access rule of one user over every connector, in the form
// both the Go check (Rights) and the store's SQL filters are derived from:
// every connector, none, or those the user owns or holds a grant on.
type Scope struct {
	All    bool   // connectors.manage: every connector, with every right
	None   bool   // no connectors.view: no connector at all
	UserID string // otherwise: owned by UserID, or granted to UserID
}

// VisibleTo is u's scope.
func VisibleTo(u *domain.User) Scope {
	switch {
	case u.HasPerm(domain.PermConnectorsManage):
		return Scope{All: true, UserID: u.ID}
	case !u.HasPerm(domain.PermConnectorsView):
		return Scope{None: true, UserID: u.ID}
	}
	return Scope{UserID: u.ID}
}

// Rights are the scope's rights on a connector owned by ownerID, where the
// user holds grantLevel ("" for none). A connector is visible exactly when
// the store's filter for the scope selects it: All, or owned, or any grant.
func (s Scope) Rights(ownerID, grantLevel string) Rights {
	switch {
	case s.All:
		return Rights{View: true, Maintain: true, Manage: true}
	case s.None:
		return Rights{}
	case ownerID == s.UserID:
		return Rights{View: true, Maintain: true, Manage: true}
	case grantLevel == domain.LevelMaintain:
		return Rights{View: true, Maintain: true}
	case grantLevel == domain.LevelView:
		return Rights{View: true}
	}
	return Rights{}
}

// Denied returns the permission error for an action the user may not perform.
func Denied(u *domain.User, need string) error {
	return domain.Errorf(domain.EPermission, "%s may not %s", u.Name, need)
}

// RequirePerm refuses a user without the system permission.
func RequirePerm(u *domain.User, perm string) error {
	if u.HasPerm(perm) {
		return nil
	}
	return domain.Errorf(domain.EPermission, "%s lacks the system permission %s", u.Name, perm)
}

// ValidatePerms checks a list of system permission names.
func ValidatePerms(perms []string) error {
	for i, p := range perms {
		known := false
		for _, k := range domain.AllPerms {
			known = known || p == k
		}
		if !known {
			return domain.Invalid(fmt.Sprintf("perms[%d]", i), "%q is not a permission; use %v", p, domain.AllPerms)
		}
	}
	return nil
}

// HashPassword hashes a profile password with bcrypt.
func HashPassword(password string) (string, error) {
	if len(password) > 72 {
		return "", domain.Invalid("password", "is longer than 72 bytes")
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(h), nil
}

// CheckPassword reports whether password matches the profile's hash.
func CheckPassword(hash, password string) bool {
	err := bcrypt.CompareHashAndPassword([]byte(hash), []byte(password))
	return err == nil
}

// Need is what a use case requires of the actor on one connector.
type Need string

const (
	NeedView     Need = "view"
	NeedMaintain Need = "maintain"
	NeedManage   Need = "manage"
)

// Has tells whether the rights include n.
func (r Rights) Has(n Need) bool {
	switch n {
	case NeedView:
		return r.View
	case NeedMaintain:
		return r.Maintain
	case NeedManage:
		return r.Manage
	}
	return false
}

// Refuse is the permission error for u lacking n on the connector key.
func (n Need) Refuse(u *domain.User, key string) error {
	what := map[Need]string{
		NeedView:     "view connector " + key,
		NeedMaintain: "maintain connector " + key,
		NeedManage:   "change the permissions of connector " + key,
	}[n]
	return Denied(u, what)
}
