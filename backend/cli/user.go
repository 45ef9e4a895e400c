package cli

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"junction/backend/domain"
	"junction/backend/service"
)

func (a *app) userCmd() *cobra.Command {
	var (
		perms       []string
		passwordEnv string
	)
	add := &cobra.Command{
		Use:   "add NAME",
		Short: "Add a local profile (needs users.admin)",
		Long: "Add a local profile (needs users.admin). Permissions: " + strings.Join(domain.AllPerms, ", ") + ".\n" +
			"With --password-env VAR the profile gets the password held in VAR; acting as it\n" +
			"then needs that password in $" + envPassword + ".",
		Args: exactArgs(1),
		RunE: a.run(func(args []string) error { return a.userAdd(args[0], perms, passwordEnv) }),
	}
	add.Flags().StringSliceVar(&perms, "perm", nil, "a system permission; repeat or separate with commas")
	add.Flags().StringVar(&passwordEnv, "password-env", "", "read the profile's password from this environment variable")
	return a.group(&cobra.Command{Use: "user", Short: "List and add local profiles"},
		a.leaf("list", "List the local profiles", 0, func([]string) error { return a.userList() }),
		add,
	)
}

func (a *app) userList() error {
	return shown(a, func(svc *service.Service, actor string) ([]service.UserView, error) {
		return svc.ListUsers(a.ctx, actor)
	}, printUsers)
}

func printUsers(w io.Writer, users []service.UserView) error {
	t := newTable(w, "NAME", "DISPLAY NAME", "PERMISSIONS", "PASSWORD")
	for _, u := range users {
		t.row(u.Name, u.DisplayName, strings.Join(u.Perms, ","), yesNo(u.HasPassword))
	}
	return t.flush()
}

func (a *app) userAdd(name string, perms []string, passwordEnv string) error {
	in := service.UserInput{Name: name, Perms: perms}
	if in.Perms == nil {
		in.Perms = []string{}
	}
	if passwordEnv != "" {
		pw := os.Getenv(passwordEnv)
		if pw == "" {
			return domain.Invalid("password-env", "the environment variable %s is empty or not set", passwordEnv).With(domain.REnvEmpty, "name", passwordEnv)
		}
		in.Password = &pw
	}
	return shown(a, func(svc *service.Service, actor string) (*service.UserView, error) {
		return svc.AddUser(a.ctx, actor, in)
	}, printAdded)
}

func printAdded(w io.Writer, u *service.UserView) error {
	list := strings.Join(u.Perms, ", ")
	if list == "" {
		list = "no system permissions"
	}
	pw := ""
	if u.HasPassword {
		pw = ", with a password"
	}
	_, err := fmt.Fprintf(w, "profile %s added (%s%s)\n", u.Name, list, pw)
	return err
}

func (a *app) grantCmd() *cobra.Command {
	return a.leaf("grant USER CONNECTOR view|maintain",
		"Let a profile view or maintain a connector (needs ownership or connectors.manage)", 3,
		func(args []string) error {
			user, connector, level := args[0], args[1], args[2]
			if level != domain.LevelView && level != domain.LevelMaintain {
				return usagef("the level is view or maintain, not %q", level)
			}
			return a.change(func(svc *service.Service, actor string) error {
				return svc.Grant(a.ctx, actor, connector, user, level)
			}, map[string]string{"user": user, "connector": connector, "level": level},
				fmt.Sprintf("%s may %s connector %s", user, level, connector))
		})
}

func (a *app) revokeCmd() *cobra.Command {
	return a.leaf("revoke USER CONNECTOR", "Take a profile's grant on a connector away", 2, func(args []string) error {
		user, connector := args[0], args[1]
		return a.change(func(svc *service.Service, actor string) error {
			return svc.Revoke(a.ctx, actor, connector, user)
		}, map[string]any{"user": user, "connector": connector, "revoked": true},
			fmt.Sprintf("%s no longer has a grant on connector %s", user, connector))
	})
}
