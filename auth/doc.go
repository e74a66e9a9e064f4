// Package auth holds the accounts of cctvgis: users with a role and a district, passwords
// hashed with argon2id, session tokens kept only as their SHA-256, a limiter that slows and
// then refuses repeated failed logins, and the Service that puts them together for the
// mobile API and the command line.
//
// It declares the Store it needs, which data/postgis and data/embedded implement, and the
// ThrottleStore through which every process on one database shares the limiter, which
// data/postgis implements. Its only I/O is crypto/rand: it must not import data, echo,
// pgx or net/http.
package auth
