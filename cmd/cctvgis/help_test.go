package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The synopsis in README.md and every command's -h agree (issue 9): each flag the README
// names for a command exists, each flag of the command is in the README, and each --flag
// that a flag's help text names is a flag of that command.
func TestHelpMatchesREADME(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(readme), "## Command line\n")
	parts := strings.SplitN(rest, "```", 3)
	if len(parts) < 3 {
		t.Fatal("README.md has no command-line synopsis under ## Command line")
	}
	block := parts[1]
	flagRe := regexp.MustCompile(`--([a-z][a-z0-9-]*)`)
	// Synopsis lines by command ("analyze", "rules show", …); continuation lines belong
	// to the command above.
	documented := map[string][]string{}
	var order []string
	cmd := ""
	for _, line := range strings.Split(block, "\n") {
		if strings.HasPrefix(line, "cctvgis ") {
			words := strings.Fields(line)[1:]
			cmd = words[0]
			if len(words) > 1 && regexp.MustCompile(`^[a-z]+$`).MatchString(words[1]) {
				cmd += " " + words[1]
			}
			if !slices.Contains(order, cmd) {
				order = append(order, cmd)
			}
		}
		for _, m := range flagRe.FindAllStringSubmatch(line, -1) {
			if cmd != "" && !slices.Contains(documented[cmd], m[1]) {
				documented[cmd] = append(documented[cmd], m[1])
			}
		}
	}
	// Every command the binary has is in the synopsis.
	for _, c := range commands() {
		if !slices.ContainsFunc(order, func(o string) bool { return o == c.name || strings.HasPrefix(o, c.name+" ") }) {
			t.Errorf("README synopsis lacks command %s", c.name)
		}
	}
	defRe := regexp.MustCompile(`(?m)^  -([a-z][a-z0-9-]*)`)
	for _, c := range order {
		exit, stdout, stderr := cli(t, append(strings.Fields(c), "-h")...)
		help := stdout + stderr
		if exit != 0 {
			t.Errorf("%s -h: exit %d: %s", c, exit, help)
			continue
		}
		var flags []string
		for _, m := range defRe.FindAllStringSubmatch(help, -1) {
			flags = append(flags, m[1])
		}
		for _, f := range documented[c] {
			if !slices.Contains(flags, f) {
				t.Errorf("README names --%s for %s, which has no such flag (it has %v)", f, c, flags)
			}
		}
		for _, f := range flags {
			if !slices.Contains(documented[c], f) {
				t.Errorf("%s has flag --%s, which the README synopsis does not name", c, f)
			}
		}
		for _, m := range flagRe.FindAllStringSubmatch(help, -1) {
			if !slices.Contains(flags, m[1]) {
				t.Errorf("%s -h names --%s, which is not one of its flags %v", c, m[1], flags)
			}
		}
	}
}
