package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"cctvgis/data/embedded"
	"cctvgis/data/postgis"
	"cctvgis/data/rules"
	"cctvgis/planner/rulebook"
)

// dbFlag adds --db, defaulting to the env's DATABASE_URL.
func dbFlag(fs *flagSet, e *env) *string {
	return fs.String("db", e.getenv("DATABASE_URL"), "PostgreSQL/PostGIS URL, or file:PATH for the embedded store (default $DATABASE_URL)")
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
	if path, ok := strings.CutPrefix(*db, "file:"); ok {
		return migrateEmbedded(e, path, lib.Taxonomy)
	}
	conn, err := postgis.Connect(ctx, *db)
	if err != nil {
		return err
	}
	defer func() { _ = conn.Close(context.WithoutCancel(ctx)) }()
	done, err := postgis.Migrate(ctx, conn, lib.Taxonomy)
	applied := make([]string, len(done))
	for i, m := range done {
		applied[i] = fmt.Sprintf("%04d_%s", m.Version, m.Name)
	}
	return migrated(e, applied, err, errors.Is(err, postgis.ErrNoPostGIS) || errors.Is(err, postgis.ErrMigration))
}

// migrateEmbedded migrates the embedded store at path, which a read-only open refuses
// while it is of an older version.
func migrateEmbedded(e *env, path string, tax *rulebook.Taxonomy) error {
	if path == "" {
		return usagef("migrate: file: names no file; want file:PATH")
	}
	done, err := embedded.Migrate(path, tax)
	applied := make([]string, len(done))
	for i, m := range done {
		applied[i] = fmt.Sprintf("embedded store version %d → %d: %s", m.From, m.To, m.Name)
	}
	return migrated(e, applied, err, errors.Is(err, embedded.ErrNoStore))
}

// migrated prints the migrations applied, even when a later one failed, or that the
// schema was up to date, and returns err, a usageError when usage says the user can
// fix it.
func migrated(e *env, applied []string, err error, usage bool) error {
	for _, a := range applied {
		fmt.Fprintln(e.out, "applied", a)
	}
	switch {
	case err != nil && usage:
		return usageError{err}
	case err != nil:
		return err
	case len(applied) == 0:
		fmt.Fprintln(e.out, "schema up to date")
	}
	return nil
}
