-- The state of the login limiter (auth.Limiter), one row a user name or client address,
-- so that every server process on this database counts the same failures and a restart
-- forgets no lockout. Names and addresses are kept only as the SHA-256 of the name or of
-- the address's key (an IPv6 address by its /64). The policy lives in Go: a row is what
-- it left after the last attempt or report.

CREATE TABLE login_throttles (
    kind         text NOT NULL CHECK (kind IN ('name', 'address')),
    key_hash     bytea NOT NULL CHECK (length(key_hash) = 32),
    failures     integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
    -- NULL until the first failure.
    last_failure timestamptz,
    -- When the key may try again; NULL when it need not wait.
    retry_at     timestamptz,
    -- When the row is worth no more than no row, and may be deleted. NULL only inside the
    -- transaction that inserts the row in order to lock it.
    expires_at   timestamptz,
    PRIMARY KEY (kind, key_hash)
);
CREATE INDEX login_throttles_expires_at ON login_throttles (expires_at);
