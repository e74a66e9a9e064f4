package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"cctvgis/data"
	"cctvgis/inspect"
	"cctvgis/internal/audit"
)

// runAudit checks the evidence: audit verify walks the hash-chained audit log from its
// first entry, then checks the stored inspections and findings against it, and names the
// first entry or object that does not hold. With --head SEQ:HASH (a head printed by an
// earlier verify and kept elsewhere) it also finds a log cut short or rewritten after it.
func runAudit(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "verify" {
		return usagef("audit: want verify")
	}
	fs := newFlagSet("audit verify", e.errOut)
	db := fs.String("db", e.getenv("DATABASE_URL"), "the store: a PostGIS URL, or file:PATH for the embedded store (default $DATABASE_URL, else the embedded store "+data.DefaultEmbeddedPath+")")
	headFlag := fs.String("head", "", "a head recorded earlier, SEQ:HASH, that the log must still contain")
	pos, err := fs.parse(args[1:])
	if err != nil {
		return err
	}
	if err := noPositional("audit verify", pos); err != nil {
		return err
	}
	var want *audit.Head
	if *headFlag != "" {
		h, err := parseHead(*headFlag)
		if err != nil {
			return usageError{err}
		}
		want = &h
	}
	_, opened, name, err := openStore(ctx, *db, data.ReadOnly)
	if err != nil {
		return err
	}
	defer func() { _ = opened.Close() }()
	st, ok := opened.(inspect.Store)
	if !ok {
		return fmt.Errorf("the %s keeps no audit log", name)
	}
	head, err := audit.VerifyChain(ctx, st)
	if err != nil {
		return auditFailure(err)
	}
	if err := inspect.VerifyEvidence(ctx, st); err != nil {
		return auditFailure(err)
	}
	if want != nil {
		if err := atHead(ctx, st, *want); err != nil {
			return auditFailure(err)
		}
	}
	fmt.Fprintf(e.out, "audit log of the %s verified: %d entries, head %d:%s\n", name, head.Seq, head.Seq, head.Hash)
	fmt.Fprintln(e.out, "keep the head elsewhere; audit verify --head checks a later log still contains it")
	return nil
}

// atHead checks that the log's entry want.Seq is still the one recorded.
func atHead(ctx context.Context, st audit.Log, want audit.Head) error {
	found := false
	err := st.AuditChain(ctx, want.Seq, func(e audit.Entry) error {
		found = true
		if e.Seq != want.Seq || e.Hash != want.Hash {
			return &audit.ChainError{Seq: want.Seq, Reason: fmt.Sprintf("entry %d is not the one recorded (hash %s, recorded %s)", want.Seq, e.Hash, want.Hash)}
		}
		return errStopWalk
	})
	if err != nil && !errors.Is(err, errStopWalk) {
		return err
	}
	if !found {
		return &audit.ChainError{Seq: want.Seq, Reason: fmt.Sprintf("the log no longer holds entry %d, which was recorded as its head", want.Seq)}
	}
	return nil
}

var errStopWalk = errors.New("stop")

// parseHead reads SEQ:HASH.
func parseHead(s string) (audit.Head, error) {
	seq, hash, ok := strings.Cut(s, ":")
	n, err := strconv.ParseUint(seq, 10, 64)
	if !ok || err != nil || n == 0 {
		return audit.Head{}, fmt.Errorf("--head %q: want SEQ:HASH as audit verify prints it", s)
	}
	var h audit.Head
	h.Seq = n
	if err := h.Hash.UnmarshalText([]byte(hash)); err != nil {
		return audit.Head{}, fmt.Errorf("--head %q: %w", s, err)
	}
	return h, nil
}

// auditFailure is the message of a log that does not hold: the first broken entry or
// object, and exit 1.
func auditFailure(err error) error {
	var ce *audit.ChainError
	var ee *inspect.EvidenceError
	switch {
	case errors.As(err, &ce):
		return fmt.Errorf("audit log broken at entry %d: %s", ce.Seq, ce.Reason)
	case errors.As(err, &ee):
		return fmt.Errorf("evidence altered: %w", ee)
	}
	return err
}
