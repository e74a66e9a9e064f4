package audit_test

import (
	"errors"
	"fmt"
	"time"

	"cctvgis/internal/audit"
)

func ExampleVerify() {
	at := time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)
	first := audit.Seal(nil, audit.Entry{At: at, Actor: "u1", Action: "inspection.create", ObjectKind: "inspection", ObjectID: "a"})
	second := audit.Seal(&first, audit.Entry{At: at, Actor: "sup-1", Action: "evidence.read", ObjectKind: "inspection", ObjectID: "a"})
	fmt.Println(audit.Verify([]audit.Entry{first, second}))

	second.Actor = "someone else"
	err := audit.Verify([]audit.Entry{first, second})
	fmt.Println(errors.Is(err, audit.ErrChainBroken), err)
	// Output:
	// <nil>
	// true audit chain broken at entry 2: its hash does not match its contents
}
