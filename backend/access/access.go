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
	if u.HasPerm(domain.PermConnectorsManage) {
		return Rights{View: true, Maintain: true, Manage: true}
	}
	if !u.HasPerm(domain.PermConnectorsView) {
		return Rights{}
	}
	switch {
	case c.OwnerID == u.ID:
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
