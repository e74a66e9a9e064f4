package audit

import (
	"context"
	"fmt"
)

// Log is a store of the audit log: the chain of entries and its head.
type Log interface {
	// AppendAudit seals e onto the chain and stores it; for entries that go with no
	// other change, such as evidence.read. It returns the sealed entry.
	AppendAudit(ctx context.Context, e Entry) (Entry, error)
	// AuditChain calls fn for each entry from Seq from on, in order, stopping at fn's
	// first error, which it returns.
	AuditChain(ctx context.Context, from uint64, fn func(Entry) error) error
	// AuditHead returns the last entry's Seq and Hash; Seq 0 and GenesisHash for an
	// empty log.
	AuditHead(ctx context.Context) (Head, error)
}

// VerifyChain walks the whole audit chain of log from its first entry, verifying each
// entry as Verify does, and then against the head the log reports (VerifyHead), read
// before the walk, so that entries appended meanwhile do not count against it. It holds
// one entry at a time. It returns the last entry's head, or a *ChainError naming the first
// broken entry, or the log's own error.
func VerifyChain(ctx context.Context, log Log) (Head, error) {
	return WalkChain(ctx, log, func(Entry) error { return nil })
}

// WalkChain reads the head of log, then calls fn with each entry of the chain after
// checking it (as Verify does), and finally checks that the chain reaches the head read
// first. It returns the head of the last entry checked.
func WalkChain(ctx context.Context, log Log, fn func(Entry) error) (Head, error) {
	head, err := log.AuditHead(ctx)
	if err != nil {
		return Head{}, fmt.Errorf("reading the audit head: %w", err)
	}
	var c chainCheck
	var atHead Hash
	err = log.AuditChain(ctx, 1, func(e Entry) error {
		if err := c.next(e); err != nil {
			return err
		}
		if e.Seq == head.Seq {
			atHead = e.Hash
		}
		return fn(e)
	})
	switch {
	case err != nil:
		return c.prev, err
	case c.prev.Seq < head.Seq:
		return c.prev, &ChainError{Seq: c.prev.Seq + 1, Reason: fmt.Sprintf("the chain ends at entry %d, before the head, entry %d", c.prev.Seq, head.Seq)}
	case head.Seq > 0 && atHead != head.Hash:
		return c.prev, &ChainError{Seq: head.Seq, Reason: fmt.Sprintf("its hash %s is not the recorded head's %s", short(atHead), short(head.Hash))}
	}
	return c.prev, nil
}
