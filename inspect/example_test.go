package inspect_test

import (
	"fmt"

	"cctvgis/inspect"
)

func ExampleAzimuthDiff() {
	fmt.Println(inspect.AzimuthDiff(350, 10), inspect.AzimuthDiff(90, 120))
	// Output: 20 30
}
