// Command cctvgis plans and inspects public security video systems under the rules of a
// jurisdiction. Run "cctvgis help" for its subcommands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, processEnv(), os.Args[1:])
	stop()
	os.Exit(code)
}
