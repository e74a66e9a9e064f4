package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"cctvgis/auth"
	"cctvgis/data"
)

// runUser manages the accounts of a store: user add|passwd|disable|list. Passwords are read
// from standard input, never from the command line, where other users of the machine and
// the shell's history would see them.
func runUser(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usagef("user: want add, passwd, disable or list")
	}
	verb, args := args[0], args[1:]
	fs := newFlagSet("user "+verb, e.errOut)
	db := fs.String("db", e.getenv("DATABASE_URL"), "the store: a PostGIS URL, or file:PATH for the embedded store (default $DATABASE_URL, else the embedded store "+data.DefaultEmbeddedPath+")")
	var name, role, district *string
	switch verb {
	case "add":
		name = fs.String("name", "", "the user's login name")
		role = fs.String("role", "", "inspector, supervisor, planner, reviewer or admin")
		district = fs.String("district", "", "the district the user sees; empty for the whole store")
	case "passwd", "disable":
		name = fs.String("name", "", "the user's login name")
	case "list":
	default:
		return usagef("user: unknown action %q (want add, passwd, disable or list)", verb)
	}
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := noPositional("user "+verb, pos); err != nil {
		return err
	}
	if name != nil && *name == "" {
		return usagef("user %s: --name is required", verb)
	}
	var r auth.Role
	if role != nil {
		if r, err = auth.ParseRole(*role); err != nil {
			return usageError{err}
		}
	}
	var password string
	if verb == "add" || verb == "passwd" {
		if password, err = readPassword(e); err != nil {
			return err
		}
	}
	_, store, _, err := openStore(ctx, *db, data.ReadWrite)
	if err != nil {
		return err
	}
	defer func() { _ = store.Close() }()
	accounts, ok := store.(auth.Store)
	if !ok {
		return fmt.Errorf("the store keeps no accounts")
	}
	svc := &auth.Service{Store: accounts, Clock: e.now}
	switch verb {
	case "add":
		u, err := svc.AddUser(ctx, *name, r, *district, password)
		if err != nil {
			return userError(err, *name)
		}
		fmt.Fprintf(e.out, "added %s (%s", u.Name, u.Role)
		if u.District != "" {
			fmt.Fprintf(e.out, ", district %s", u.District)
		}
		fmt.Fprintln(e.out, ")")
	case "passwd":
		if err := svc.SetPassword(ctx, *name, password); err != nil {
			return userError(err, *name)
		}
		fmt.Fprintf(e.out, "changed the password of %s and ended its sessions\n", *name)
	case "disable":
		if err := svc.Disable(ctx, *name); err != nil {
			return userError(err, *name)
		}
		fmt.Fprintf(e.out, "disabled %s and ended its sessions\n", *name)
	case "list":
		users, err := accounts.ListUsers(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tROLE\tDISTRICT\tSTATE\tCREATED")
		for _, u := range users {
			state, district := "active", u.District
			if u.Disabled {
				state = "disabled"
			}
			if district == "" {
				district = "(all)"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Name, u.Role, district, state, u.CreatedAt.Format("2006-01-02 15:04"))
		}
		return tw.Flush()
	}
	return nil
}

// readPassword reads the password from the first line of standard input.
func readPassword(e *env) (string, error) {
	line, err := bufio.NewReader(e.in).ReadString('\n')
	if err != nil && line == "" {
		return "", usagef("user: give the password on standard input (e.g. a pipe or a here-document); it is never taken from the command line")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// userError turns the accounts' refusals into usage errors naming what is wrong.
func userError(err error, name string) error {
	switch {
	case errors.Is(err, auth.ErrExists):
		return usagef("user %q exists already", name)
	case errors.Is(err, auth.ErrNotFound):
		return usagef("no user %q", name)
	case errors.Is(err, auth.ErrInvalid):
		return usageError{err}
	}
	return err
}
