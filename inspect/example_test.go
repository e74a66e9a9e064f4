package inspect_test

import (
	"errors"
	"fmt"
	"time"

	"cctvgis/inspect"
)

func ExampleVerify() {
	at := time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)
	first := inspect.Seal(nil, inspect.Entry{At: at, Actor: "u1", Action: inspect.ActionInspectionCreate, ObjectKind: inspect.ObjectInspection, ObjectID: "a"})
	second := inspect.Seal(&first, inspect.Entry{At: at, Actor: "sup-1", Action: inspect.ActionEvidenceRead, ObjectKind: inspect.ObjectInspection, ObjectID: "a"})
	fmt.Println(inspect.Verify([]inspect.Entry{first, second}))

	second.Actor = "someone else"
	err := inspect.Verify([]inspect.Entry{first, second})
	fmt.Println(errors.Is(err, inspect.ErrChainBroken), err)
	// Output:
	// <nil>
	// true audit chain broken at entry 2: its hash does not match its contents
}

func ExampleAzimuthDiff() {
	fmt.Println(inspect.AzimuthDiff(350, 10), inspect.AzimuthDiff(90, 120))
	// Output: 20 30
}
