package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"cctvgis/planner/rulebook"
)

// Exit codes of the command.
const (
	exitOK    = 0
	exitError = 1
	// exitUsage is for bad input on the command line or in the files it names.
	exitUsage = 2
	// exitBug is for a panic: a bug, never the user's input, so never exitUsage (which is
	// also what the Go runtime exits with after an unrecovered panic). 70 is sysexits'
	// EX_SOFTWARE.
	exitBug = 70
)

// bugError is a panic caught in a command, with the stack where it happened.
type bugError struct {
	value any
	stack []byte
}

func (e bugError) Error() string {
	return fmt.Sprintf("internal error (a bug in cctvgis, not in your input; please report it with this message): %v\n%s", e.value, e.stack)
}

// guard runs a command and turns a panic in it into a bugError.
func guard(ctx context.Context, e *env, c command, args []string) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = bugError{value: v, stack: debug.Stack()}
		}
	}()
	return c.run(ctx, e, args)
}

// usageError is bad input from the user: a wrong flag, code, date or file. It exits 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }

func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// env is what a command takes from its process besides ctx and its arguments: the
// streams it writes to, the environment variables it reads (DATABASE_URL) and the clock
// (today's date, timings). main passes the process's own; tests set theirs.
type env struct {
	// in is standard input, from which user reads passwords.
	in          io.Reader
	out, errOut io.Writer
	getenv      func(key string) string
	now         func() time.Time
}

// processEnv returns the env of this process.
func processEnv() *env {
	return &env{in: os.Stdin, out: os.Stdout, errOut: os.Stderr, getenv: os.Getenv, now: time.Now}
}

// today is the civil date of the env's clock, in the clock's location.
func (e *env) today() rulebook.Date { return rulebook.DateOf(e.now()) }

// since is the time elapsed on the env's clock since t.
func (e *env) since(t time.Time) time.Duration { return e.now().Sub(t) }

// command is one subcommand: it parses its own flags from args.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

func commands() []command {
	return []command{
		{"rules", "list rulebooks, show a jurisdiction's effective rules, list the taxonomy", runRules},
		{"analyze", "analyse a city's layers under a jurisdiction's rules", runAnalyze},
		{"migrate", "create or update the PostGIS schema (--db or DATABASE_URL), or migrate the embedded store (--db file:PATH)", runMigrate},
		{"import", "import a layer file (GeoJSON, CSV cameras, OpenStreetMap) into the store", runImport},
		{"gen-city", "write a realistic synthetic city in the analysis input format", runGenCity},
		{"bench", "time each stage of an analysis of a generated city", runBench},
		{"demo", "generate a sample city, analyse it and write the results", runDemo},
		{"serve", "serve the mobile inspection API over a store", runServe},
		{"user", "add, change, disable or list the users of a store", runUser},
		{"audit", "verify the hash-chained audit log and the evidence it records", runAudit},
		{"plan", "list, show or export the coverage plans of a store", runPlan},
	}
}

// run is the whole command line behind main, so tests drive the real CLI path.
func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printUsage(e.out)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return report(e.errOut, guard(ctx, e, c, args[1:]))
		}
	}
	fmt.Fprintf(e.errOut, "cctvgis: unknown command %q (run \"cctvgis help\")\n", args[0])
	return exitUsage
}

// report prints the error, if any, as one line and picks the exit code.
func report(errOut io.Writer, err error) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	var bug bugError
	if errors.As(err, &bug) {
		fmt.Fprintln(errOut, "cctvgis: "+bug.Error())
		return exitBug
	}
	fmt.Fprintln(errOut, "cctvgis: "+strings.ReplaceAll(err.Error(), "\n", "; "))
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitError
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "cctvgis — plan and inspect public security video systems under a jurisdiction's rules")
	fmt.Fprintln(w, "\nUsage: cctvgis COMMAND [ARGS]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun \"cctvgis COMMAND -h\" for a command's flags.")
}

// flagSet is a subcommand's flags. The flag package's own output is discarded so that a
// bad flag gives one line; -h prints the flags to the error stream.
type flagSet struct {
	*flag.FlagSet
	errOut io.Writer
}

func newFlagSet(name string, errOut io.Writer) *flagSet {
	fs := flag.NewFlagSet("cctvgis "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return &flagSet{FlagSet: fs, errOut: errOut}
}

// parse parses flags that may come before, between or after positional arguments, and
// returns the positional ones. Errors are usage errors.
func (fs *flagSet) parse(args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(fs.errOut)
				fmt.Fprintf(fs.errOut, "Usage of %s:\n", fs.Name())
				fs.PrintDefaults()
				return nil, err
			}
			return nil, usageError{err}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
