package auth

import (
	"fmt"
	"strings"
)

// Role is what a user does in cctvgis; routes check it.
type Role string

// The roles, as DESIGN.md's table of users names them.
const (
	// RoleInspector records field checks from the phone app.
	RoleInspector Role = "inspector"
	// RoleSupervisor reviews inspectors' checks and follows findings.
	RoleSupervisor Role = "supervisor"
	// RolePlanner loads layers and drafts coverage plans.
	RolePlanner Role = "planner"
	// RoleReviewer approves or returns submitted plans.
	RoleReviewer Role = "reviewer"
	// RoleAdmin manages users, roles, jurisdictions and imports.
	RoleAdmin Role = "admin"
)

// Values are every role, as Roles lists them.
func (Role) Values() []Role { return Roles() }

// Roles returns every role, in the order of DESIGN.md's table.
func Roles() []Role {
	return []Role{RoleInspector, RoleSupervisor, RolePlanner, RoleReviewer, RoleAdmin}
}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	switch r {
	case RoleInspector, RoleSupervisor, RolePlanner, RoleReviewer, RoleAdmin:
		return true
	}
	return false
}

// String returns the role's name.
func (r Role) String() string { return string(r) }

// ParseRole returns the role named s, exactly as Roles spells it. Any other text is a
// *FieldError for the field "role" that lists the roles.
func ParseRole(s string) (Role, error) {
	if r := Role(s); r.Valid() {
		return r, nil
	}
	names := make([]string, 0, 5)
	for _, r := range Roles() {
		names = append(names, string(r))
	}
	return "", &FieldError{Field: "role", Reason: fmt.Sprintf("%q is not one of %s", s, strings.Join(names, ", "))}
}
