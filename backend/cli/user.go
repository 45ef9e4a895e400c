package cli

import (
	"fmt"
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
		&cobra.Command{
			Use:   "list",
			Short: "List the local profiles",
			Args:  exactArgs(0),
			RunE:  a.run(func([]string) error { return a.userList() }),
		},
		add,
	)
}

func (a *app) userList() error {
	svc, actor, err := a.session()
	if err != nil {
		return err
	}
	users, err := svc.ListUsers(a.ctx, actor)
	if err != nil {
		return err
	}
	if a.json {
		return writeJSON(a.stdout, users)
	}
	t := newTable(a.stdout, "NAME", "DISPLAY NAME", "PERMISSIONS", "PASSWORD")
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
	svc, actor, err := a.session()
	if err != nil {
		return err
	}
	u, err := svc.AddUser(a.ctx, actor, in)
	if err != nil {
		return err
	}
	if a.json {
		return writeJSON(a.stdout, u)
	}
	list := strings.Join(u.Perms, ", ")
	if list == "" {
		list = "no system permissions"
	}
	pw := ""
	if u.HasPassword {
		pw = ", with a password"
	}
	_, err = fmt.Fprintf(a.stdout, "profile %s added (%s%s)\n", u.Name, list, pw)
	return err
}

func (a *app) grantCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "grant USER CONNECTOR view|maintain",
		Short: "Let a profile view or maintain a connector (needs ownership or connectors.manage)",
		Args:  exactArgs(3),
		RunE: a.run(func(args []string) error {
			user, connector, level := args[0], args[1], args[2]
			if level != domain.LevelView && level != domain.LevelMaintain {
				return usagef("the level is view or maintain, not %q", level)
			}
			svc, actor, err := a.session()
			if err != nil {
				return err
			}
			if err := svc.Grant(a.ctx, actor, connector, user, level); err != nil {
				return err
			}
			if a.json {
				return writeJSON(a.stdout, map[string]string{"user": user, "connector": connector, "level": level})
			}
			_, err = fmt.Fprintf(a.stdout, "%s may %s connector %s\n", user, level, connector)
			return err
		}),
	}
}

func (a *app) revokeCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "revoke USER CONNECTOR",
		Short: "Take a profile's grant on a connector away",
		Args:  exactArgs(2),
		RunE: a.run(func(args []string) error {
			user, connector := args[0], args[1]
			svc, actor, err := a.session()
			if err != nil {
				return err
			}
			if err := svc.Revoke(a.ctx, actor, connector, user); err != nil {
				return err
			}
			if a.json {
				return writeJSON(a.stdout, map[string]any{"user": user, "connector": connector, "revoked": true})
			}
			_, err = fmt.Fprintf(a.stdout, "%s no longer has a grant on connector %s\n", user, connector)
			return err
		}),
	}
}
