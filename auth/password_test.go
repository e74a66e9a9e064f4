package auth_test

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"cctvgis/auth"
)

// fast are argon2id parameters cheap enough for tests that hash many times.
var fast = auth.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func TestHashPasswordFormat(t *testing.T) {
	h, err := auth.HashPassword("correct horse battery", auth.DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	phc := regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)
	if !phc.MatchString(h) {
		t.Fatalf("hash %q is not the PHC string of OWASP's parameters", h)
	}
	if h2, _ := auth.HashPassword("correct horse battery", auth.DefaultParams()); h2 == h {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
	if err := auth.CheckPassword(h, "correct horse battery"); err != nil {
		t.Fatalf("the password does not check against its hash: %v", err)
	}
}

func TestCheckPassword(t *testing.T) {
	const pw = "长城-watchtower-7"
	h, err := auth.HashPassword(pw, fast)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, password string
		want           error
	}{
		{"right", pw, nil},
		{"wrong", "长城-watchtower-8", auth.ErrUnauthorized},
		{"empty", "", auth.ErrUnauthorized},
		{"prefix", pw[:len(pw)-1], auth.ErrUnauthorized},
		{"longer", pw + " ", auth.ErrUnauthorized},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := auth.CheckPassword(h, tc.password); !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Errorf("error %v, want %v", err, tc.want)
			}
		})
	}
}

// A hash keeps its parameters: after the defaults are raised, old hashes still check,
// and NeedsRehash tells which to replace.
func TestHashParamsAreReadBack(t *testing.T) {
	old := auth.Params{Memory: 128, Time: 3, Threads: 2, SaltLen: 8, KeyLen: 16}
	h, err := auth.HashPassword("an older password", old)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=128,t=3,p=2$") {
		t.Fatalf("hash %q does not carry its parameters", h)
	}
	got, err := auth.HashParams(h)
	if err != nil || got != old {
		t.Fatalf("HashParams = %+v, %v; want %+v", got, err, old)
	}
	if err := auth.CheckPassword(h, "an older password"); err != nil {
		t.Fatalf("checking against the old parameters: %v", err)
	}
	if !auth.NeedsRehash(h, auth.DefaultParams()) {
		t.Error("NeedsRehash is false for parameters below the defaults")
	}
	if auth.NeedsRehash(h, old) {
		t.Error("NeedsRehash is true for the hash's own parameters")
	}
	if !auth.NeedsRehash("$2a$10$bcrypt", old) {
		t.Error("NeedsRehash is false for a hash it cannot read")
	}
}

func TestCheckPasswordRefusesBadHashes(t *testing.T) {
	good, err := auth.HashPassword("a good password", fast)
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Split(good, "$") // "", argon2id, v=19, params, salt, hash
	join := func(parts ...string) string { return strings.Join(parts, "$") }
	tests := []struct{ name, hash string }{
		{"empty", ""},
		{"bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{"argon2i", join("", "argon2i", f[2], f[3], f[4], f[5])},
		{"version 16", join("", "argon2id", "v=16", f[3], f[4], f[5])},
		{"parameters out of order", join("", "argon2id", f[2], "t=1,m=64,p=1", f[4], f[5])},
		{"parameter not a number", join("", "argon2id", f[2], "m=x,t=1,p=1", f[4], f[5])},
		{"memory beyond a GiB", join("", "argon2id", f[2], "m=4194304,t=1,p=1", f[4], f[5])},
		{"zero time", join("", "argon2id", f[2], "m=64,t=0,p=1", f[4], f[5])},
		{"parallelism 256", join("", "argon2id", f[2], "m=4096,t=1,p=256", f[4], f[5])},
		{"padded salt", join("", "argon2id", f[2], f[3], f[4]+"==", f[5])},
		{"short salt", join("", "argon2id", f[2], f[3], "c2FsdA", f[5])},
		{"short hash", join("", "argon2id", f[2], f[3], f[4], "aGFzaA")},
		{"a field missing", join("", "argon2id", f[2], f[3], f[5])},
		{"a field more", good + "$x"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := auth.CheckPassword(tc.hash, "a good password"); !errors.Is(err, auth.ErrBadHash) {
				t.Errorf("CheckPassword(%q) error %v, want ErrBadHash", tc.hash, err)
			}
		})
	}
}

func TestHashPasswordRefusesBadParams(t *testing.T) {
	tests := []struct {
		name string
		p    auth.Params
	}{
		{"zero", auth.Params{}},
		{"no threads", auth.Params{Memory: 64, Time: 1, SaltLen: 16, KeyLen: 32}},
		{"memory below 8 per thread", auth.Params{Memory: 15, Time: 1, Threads: 2, SaltLen: 16, KeyLen: 32}},
		{"short salt", auth.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 4, KeyLen: 32}},
		{"long key", auth.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 128}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if h, err := auth.HashPassword("a good password", tc.p); err == nil {
				t.Errorf("hashed with %+v: %s", tc.p, h)
			}
		})
	}
}

func TestValidatePassword(t *testing.T) {
	tests := []struct {
		name, password string
		ok             bool
	}{
		{"ten ASCII", "0123456789", true},
		{"nine ASCII", "012345678", false},
		{"empty", "", false},
		{"ten Chinese characters", "一二三四五六七八九十", true},
		{"nine Chinese characters, 27 bytes", "一二三四五六七八九", false},
		{"a passphrase with spaces", "correct horse battery staple", true},
		{"1024 bytes", strings.Repeat("x", 1024), true},
		{"1025 bytes", strings.Repeat("x", 1025), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := auth.ValidatePassword(tc.password)
			if (err == nil) != tc.ok {
				t.Fatalf("ValidatePassword = %v, want ok %v", err, tc.ok)
			}
			var fe *auth.FieldError
			if err != nil && (!errors.As(err, &fe) || fe.Field != "password") {
				t.Errorf("error %v, want a *FieldError for password", err)
			}
		})
	}
	if err := auth.ValidatePassword("short"); !strings.Contains(fmt.Sprint(err), "at least 10") {
		t.Errorf("error %q does not say the minimum", err)
	}
}

func ExampleHashPassword() {
	h, err := auth.HashPassword("correct horse battery", auth.DefaultParams())
	if err != nil {
		panic(err)
	}
	fmt.Println(h[:30])
	fmt.Println(auth.CheckPassword(h, "correct horse battery"))
	fmt.Println(auth.CheckPassword(h, "wrong horse battery"))
	// Output:
	// $argon2id$v=19$m=19456,t=2,p=1
	// <nil>
	// auth: not authorized: wrong name or password
}
