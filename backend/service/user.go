package service

import (
	"context"
	"fmt"
	"strings"

	"junction/backend/access"
	"junction/backend/audit"
	"junction/backend/domain"
	"junction/backend/store"
)

func userView(u *domain.User) UserView {
	perms := u.Perms
	if perms == nil {
		perms = []string{}
	}
	return UserView{ID: u.ID, Name: u.Name, DisplayName: u.DisplayName, OrgID: u.OrgID,
		Perms: perms, HasPassword: u.PasswordHash != "", CreatedAt: u.CreatedAt}
}

// EnsureProfile returns the profile name. On first run, when no profile exists
// at all, it creates name with every system permission.
func (s *Service) EnsureProfile(ctx context.Context, name string) (*UserView, error) {
	if name == "" {
		return nil, domain.Invalid("name", "is required")
	}
	// Every command starts here: after the first run it only reads, so it
	// takes no write lock and works while another process is writing.
	var users int64
	if err := s.st.Read(ctx, func(tx *store.Tx) (err error) {
		users, err = tx.CountUsers()
		return err
	}); err != nil {
		return nil, err
	}
	if users > 0 {
		return s.profile(ctx, name)
	}
	// No profile can authorise the first one: the run acts as the profile
	// it creates.
	err := s.write(ctx, func(tx *store.Tx) error {
		n, err := tx.CountUsers()
		if err != nil || n > 0 {
			return err
		}
		u := &domain.User{ID: newID(), Name: name, DisplayName: name, Perms: append([]string(nil), domain.AllPerms...), CreatedAt: tx.Now()}
		if err := tx.AddUser(u); err != nil {
			return err
		}
		r := &run{s: s, tx: tx, user: u}
		return r.log(logged{action: domain.ActionUserAdd, targetType: "user", targetID: u.ID, targetKey: u.Name,
			summary: "first-run profile " + name + " created with every permission", params: map[string]string{"firstRun": "true"}})
	})
	if err != nil {
		return nil, err
	}
	return s.profile(ctx, name)
}

// profile loads the profile name for EnsureProfile.
func (s *Service) profile(ctx context.Context, name string) (*UserView, error) {
	var v UserView
	err := s.st.Read(ctx, func(tx *store.Tx) error {
		u, err := tx.UserByName(name)
		if domain.ErrorCode(err) == domain.ENotFound {
			return domain.Errorf(domain.ENotFound, "there is no profile named %q (choose one with --as or JUNCTION_USER)", name)
		}
		if err != nil {
			return err
		}
		v = userView(u)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// me loads the acting profile; an unknown name is a permission error.
func (s *Service) me(ctx context.Context, actor string) (*domain.User, error) {
	var u *domain.User
	err := s.look(ctx, actor, withPerm(""), func(r *run) error {
		u = r.user
		return nil
	})
	return u, err
}

// Login checks the password of a profile that has one. Wrong passwords are
// throttled per profile (login_throttle.go): after five in a row the next
// attempts are refused for a doubling delay, with how long to wait.
func (s *Service) Login(ctx context.Context, name, password string) (*UserView, error) {
	u, err := s.me(ctx, name)
	if err != nil {
		return nil, err
	}
	if u.PasswordHash != "" {
		if err := s.logins.check(u.Name, s.now()); err != nil {
			return nil, err
		}
		if !access.CheckPassword(u.PasswordHash, password) {
			s.logins.failed(u.Name, s.now())
			return nil, domain.Errorf(domain.EPermission, "wrong password for profile %s", name).With(domain.RWrongPassword, "name", name)
		}
		s.logins.succeeded(u.Name)
	}
	v := userView(u)
	return &v, nil
}

// Me returns the acting profile.
func (s *Service) Me(ctx context.Context, actor string) (*UserView, error) {
	u, err := s.me(ctx, actor)
	if err != nil {
		return nil, err
	}
	v := userView(u)
	return &v, nil
}

// ListUsers lists every profile (names are needed to grant permissions).
func (s *Service) ListUsers(ctx context.Context, actor string) ([]UserView, error) {
	var out []UserView
	err := s.look(ctx, actor, withPerm(""), func(r *run) error {
		users, err := r.tx.ListUsers()
		if err != nil {
			return err
		}
		out = make([]UserView, len(users))
		for i := range users {
			out[i] = userView(&users[i])
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// AddUser creates a profile; it needs users.admin.
func (s *Service) AddUser(ctx context.Context, actor string, in UserInput) (*UserView, error) {
	var out *UserView
	err := s.change(ctx, actor, withPerm(domain.PermUsersAdmin), func(r *run) error {
		u := &domain.User{ID: newID(), Name: strings.TrimSpace(in.Name), DisplayName: in.DisplayName, OrgID: in.OrgID, Perms: in.Perms, CreatedAt: r.tx.Now()}
		if err := domain.ValidateKey("name", u.Name); err != nil {
			return err
		}
		if err := s.applyUserInput(u, in); err != nil {
			return err
		}
		_, err := r.tx.UserByName(u.Name)
		if err == nil {
			return &domain.Error{Code: domain.EConflict, Field: "name", Message: fmt.Sprintf("a profile named %q already exists", u.Name)}
		}
		if domain.ErrorCode(err) != domain.ENotFound {
			return err
		}
		if err := r.tx.AddUser(u); err != nil {
			return err
		}
		out, err = r.logUser(domain.ActionUserAdd, u, "added", nil)
		return err
	})
	return out, err
}

func (s *Service) applyUserInput(u *domain.User, in UserInput) error {
	if u.DisplayName == "" {
		u.DisplayName = u.Name
	}
	if u.Perms == nil {
		u.Perms = []string{}
	}
	if err := access.ValidatePerms(u.Perms); err != nil {
		return err
	}
	if in.Password != nil {
		u.PasswordHash = ""
		if *in.Password != "" {
			h, err := access.HashPassword(*in.Password)
			if err != nil {
				return err
			}
			u.PasswordHash = h
		}
	}
	return nil
}

// UpdateUser changes a profile's display name, org, permissions or password;
// it needs users.admin. The last users.admin cannot give the permission up.
func (s *Service) UpdateUser(ctx context.Context, actor, name string, in UserInput) (*UserView, error) {
	var out *UserView
	err := s.change(ctx, actor, withPerm(domain.PermUsersAdmin), func(r *run) error {
		u, err := r.tx.UserByName(name)
		if err != nil {
			return err
		}
		if in.Name != "" && in.Name != u.Name {
			return domain.Invalid("name", "cannot be changed (it is %q); add a new profile instead", u.Name)
		}
		before := userView(u)
		u.DisplayName, u.OrgID, u.Perms = in.DisplayName, in.OrgID, in.Perms
		if err := s.applyUserInput(u, in); err != nil {
			return err
		}
		if before.hasPerm(domain.PermUsersAdmin) && !u.HasPerm(domain.PermUsersAdmin) {
			admins, err := r.tx.CountUsersWithPerm(domain.PermUsersAdmin)
			if err != nil {
				return err
			}
			if admins <= 1 {
				return domain.Errorf(domain.ERule, "%s is the last profile with users.admin; give it to another profile first", name).
					With(domain.RLastAdmin, "name", name)
			}
		}
		if err := r.tx.SaveUser(u); err != nil {
			return err
		}
		out, err = r.logUser(domain.ActionUserUpdate, u, "changed", before)
		return err
	})
	return out, err
}

// logUser audits a profile just stored (before is nil for a new one) and
// returns its view.
func (r *run) logUser(action domain.Action, u *domain.User, verb string, before any) (*UserView, error) {
	v := userView(u)
	return &v, r.log(logged{action: action, targetType: "user", targetID: u.ID, targetKey: u.Name,
		summary: "profile " + u.Name + " " + verb, changes: audit.Diff(before, v)})
}

func (v UserView) hasPerm(p string) bool {
	for _, have := range v.Perms {
		if have == p {
			return true
		}
	}
	return false
}
