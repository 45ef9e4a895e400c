package service

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"

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
	if err := s.db.WithContext(ctx).Model(&domain.User{}).Count(&users).Error; err != nil {
		return nil, fmt.Errorf("count profiles: %w", err)
	}
	if users > 0 {
		return s.profile(s.db.WithContext(ctx), name)
	}
	var out *UserView
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&domain.User{}).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			u := &domain.User{ID: newID(), Name: name, DisplayName: name, Perms: append([]string(nil), domain.AllPerms...), CreatedAt: s.stamp()}
			if err := tx.Create(u).Error; err != nil {
				return store.Translate(err, "profile "+name)
			}
			if err := s.record(tx, u, entry{action: "user.add", targetType: "user", targetID: u.ID, targetKey: u.Name,
				summary: "first-run profile " + name + " created with every permission"}); err != nil {
				return err
			}
		}
		var err error
		out, err = s.profile(tx, name)
		return err
	})
	return out, err
}

// profile loads the profile name for EnsureProfile.
func (s *Service) profile(db *gorm.DB, name string) (*UserView, error) {
	var u domain.User
	if err := db.Where("name = ?", name).Take(&u).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, domain.Errorf(domain.ENotFound, "there is no profile named %q (choose one with --as or JUNCTION_USER)", name)
		}
		return nil, err
	}
	v := userView(&u)
	return &v, nil
}

// Login checks the password of a profile that has one. Wrong passwords are
// throttled per profile (login_throttle.go): after five in a row the next
// attempts are refused for a doubling delay, with how long to wait.
func (s *Service) Login(ctx context.Context, name, password string) (*UserView, error) {
	u, err := s.actor(s.db.WithContext(ctx), name)
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
	u, err := s.actor(s.db.WithContext(ctx), actor)
	if err != nil {
		return nil, err
	}
	v := userView(u)
	return &v, nil
}

// ListUsers lists every profile (names are needed to grant permissions).
func (s *Service) ListUsers(ctx context.Context, actor string) ([]UserView, error) {
	db := s.db.WithContext(ctx)
	if _, err := s.actor(db, actor); err != nil {
		return nil, err
	}
	var users []domain.User
	if err := db.Order("name").Find(&users).Error; err != nil {
		return nil, fmt.Errorf("list profiles: %w", err)
	}
	out := make([]UserView, len(users))
	for i := range users {
		out[i] = userView(&users[i])
	}
	return out, nil
}

// AddUser creates a profile; it needs users.admin.
func (s *Service) AddUser(ctx context.Context, actor string, in UserInput) (*UserView, error) {
	var out *UserView
	err := s.tx(ctx, func(tx *gorm.DB) error {
		me, err := s.actor(tx, actor)
		if err != nil {
			return err
		}
		if err := access.RequirePerm(me, domain.PermUsersAdmin); err != nil {
			return err
		}
		u := &domain.User{ID: newID(), Name: strings.TrimSpace(in.Name), DisplayName: in.DisplayName, OrgID: in.OrgID, Perms: in.Perms, CreatedAt: s.stamp()}
		if err := domain.ValidateKey("name", u.Name); err != nil {
			return err
		}
		if err := s.applyUserInput(u, in); err != nil {
			return err
		}
		var taken int64
		if err := tx.Model(&domain.User{}).Where("name = ?", u.Name).Count(&taken).Error; err != nil {
			return err
		}
		if taken > 0 {
			return &domain.Error{Code: domain.EConflict, Field: "name", Message: fmt.Sprintf("a profile named %q already exists", u.Name)}
		}
		if err := tx.Create(u).Error; err != nil {
			return store.Translate(err, "profile "+u.Name)
		}
		v := userView(u)
		out = &v
		return s.record(tx, me, entry{action: "user.add", targetType: "user", targetID: u.ID, targetKey: u.Name,
			summary: "profile " + u.Name + " added", details: audit.Details(audit.Diff(nil, v), nil)})
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
	err := s.tx(ctx, func(tx *gorm.DB) error {
		me, err := s.actor(tx, actor)
		if err != nil {
			return err
		}
		if err := access.RequirePerm(me, domain.PermUsersAdmin); err != nil {
			return err
		}
		var u domain.User
		if err := tx.Where("name = ?", name).Take(&u).Error; err != nil {
			return store.Translate(err, "profile "+name)
		}
		if in.Name != "" && in.Name != u.Name {
			return domain.Invalid("name", "cannot be changed (it is %q); add a new profile instead", u.Name)
		}
		before := userView(&u)
		u.DisplayName, u.OrgID, u.Perms = in.DisplayName, in.OrgID, in.Perms
		if err := s.applyUserInput(&u, in); err != nil {
			return err
		}
		if before.hasPerm(domain.PermUsersAdmin) && !u.HasPerm(domain.PermUsersAdmin) {
			var admins int64
			if err := tx.Model(&domain.User{}).Where("perms LIKE ?", `%"`+domain.PermUsersAdmin+`"%`).Count(&admins).Error; err != nil {
				return err
			}
			if admins <= 1 {
				return domain.Errorf(domain.ERule, "%s is the last profile with users.admin; give it to another profile first", name).
					With(domain.RLastAdmin, "name", name)
			}
		}
		if err := tx.Save(&u).Error; err != nil {
			return store.Translate(err, "profile "+name)
		}
		v := userView(&u)
		out = &v
		return s.record(tx, me, entry{action: "user.update", targetType: "user", targetID: u.ID, targetKey: u.Name,
			summary: "profile " + u.Name + " changed", details: audit.Details(audit.Diff(before, v), nil)})
	})
	return out, err
}

func (v UserView) hasPerm(p string) bool {
	for _, have := range v.Perms {
		if have == p {
			return true
		}
	}
	return false
}
