package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"cctvgis/data/postgis"
	"cctvgis/data/rules"
)

// dbFlag adds --db, defaulting to DATABASE_URL.
func dbFlag(fs *flagSet) *string {
	return fs.String("db", os.Getenv("DATABASE_URL"), "PostgreSQL/PostGIS URL (default $DATABASE_URL)")
}

func runMigrate(ctx context.Context, args []string, out, errOut io.Writer) error {
	fs := newFlagSet("migrate", errOut)
	db := dbFlag(fs)
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := noPositional("migrate", pos); err != nil {
		return err
	}
	if *db == "" {
		return usagef("migrate: --db or DATABASE_URL is required")
	}
	lib, err := rules.Builtin()
	if err != nil {
		return fmt.Errorf("loading rulebooks: %w", err)
	}
	conn, err := postgis.Connect(ctx, *db)
	if err != nil {
		return err
	}
	defer func() { _ = conn.Close(context.WithoutCancel(ctx)) }()
	done, err := postgis.Migrate(ctx, conn, lib.Taxonomy)
	for _, m := range done {
		fmt.Fprintf(out, "applied %04d_%s\n", m.Version, m.Name)
	}
	if errors.Is(err, postgis.ErrNoPostGIS) || errors.Is(err, postgis.ErrMigration) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	if len(done) == 0 {
		fmt.Fprintln(out, "schema up to date")
	}
	return nil
}
