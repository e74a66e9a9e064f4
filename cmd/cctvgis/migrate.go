package main

import (
	"context"
	"errors"
	"fmt"

	"cctvgis/data/postgis"
	"cctvgis/data/rules"
)

// dbFlag adds --db, defaulting to the env's DATABASE_URL.
func dbFlag(fs *flagSet, e *env) *string {
	return fs.String("db", e.getenv("DATABASE_URL"), "PostgreSQL/PostGIS URL (default $DATABASE_URL)")
}

func runMigrate(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("migrate", e.errOut)
	db := dbFlag(fs, e)
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
		fmt.Fprintf(e.out, "applied %04d_%s\n", m.Version, m.Name)
	}
	if errors.Is(err, postgis.ErrNoPostGIS) || errors.Is(err, postgis.ErrMigration) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	if len(done) == 0 {
		fmt.Fprintln(e.out, "schema up to date")
	}
	return nil
}
