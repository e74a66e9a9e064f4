-- Accounts of the mobile API and the web (package auth). Users are never deleted, only
-- disabled, so what they recorded stays attributable. Sessions are kept by the SHA-256 of
-- their token, never the token itself.

CREATE TABLE users (
    id            text PRIMARY KEY CHECK (id <> ''),
    name          text NOT NULL UNIQUE CHECK (name <> ''),
    role          text NOT NULL CHECK (role IN ('inspector', 'supervisor', 'planner', 'reviewer', 'admin')),
    -- '' is the whole store.
    district      text NOT NULL DEFAULT '',
    disabled      boolean NOT NULL DEFAULT false,
    -- A PHC string, such as $argon2id$v=19$m=19456,t=2,p=1$salt$hash.
    password_hash text NOT NULL CHECK (password_hash LIKE '$%'),
    created_at    timestamptz NOT NULL
);

CREATE TABLE sessions (
    token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    user_id    text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);
CREATE INDEX sessions_user_id ON sessions (user_id);
