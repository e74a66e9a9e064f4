package postgis_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"cctvgis/auth"
	"cctvgis/data/pgtest"
)

func TestAccountsSchemaConstraints(t *testing.T) {
	s := openPostGIS(t, pgtest.URL(t))
	ctx := t.Context()
	const user = `INSERT INTO users (id, name, role, password_hash, created_at) VALUES `
	if _, err := s.Pool().Exec(ctx, user+`('u1', 'wang', 'inspector', '$argon2id$x', now())`); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, sql, want string }{
		{"unknown role", user + `('u2', 'li', 'root', '$argon2id$x', now())`, "users_role_check"},
		{"empty name", user + `('u2', '', 'admin', '$argon2id$x', now())`, "users_name_check"},
		{"a password, not a hash", user + `('u2', 'li', 'admin', 'hunter22', now())`, "users_password_hash_check"},
		{"token hash not 32 bytes", `INSERT INTO sessions VALUES ('\x0102', 'u1', now(), now())`, "sessions_token_hash_check"},
		{"session of no user", `INSERT INTO sessions VALUES (sha256('x'), 'u9', now(), now())`, "sessions_user_id_fkey"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Pool().Exec(ctx, tc.sql)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err %v, want one naming %s", err, tc.want)
			}
		})
	}
}

// A duplicate is auth.ErrExists for the caller, with PostgreSQL's error kept for the log.
func TestAccountsDuplicateKeepsTheDatabaseError(t *testing.T) {
	s := openPostGIS(t, pgtest.URL(t))
	u := auth.User{ID: auth.NewUserID(), Name: "wang", Role: auth.RoleAdmin, PasswordHash: "$argon2id$x", CreatedAt: time.Now()}
	if err := s.CreateUser(t.Context(), u); err != nil {
		t.Fatal(err)
	}
	u.ID = auth.NewUserID()
	err := s.CreateUser(t.Context(), u)
	var pe *pgconn.PgError
	if !errors.Is(err, auth.ErrExists) || !errors.As(err, &pe) || pe.ConstraintName != "users_name_key" {
		t.Fatalf("err %v, want auth.ErrExists wrapping the violation of users_name_key", err)
	}
}
