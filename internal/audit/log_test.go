package audit_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"cctvgis/internal/audit"
)

// chainLog is an audit.Log over a slice with a head kept apart, as a store keeps it.
type chainLog struct {
	entries []audit.Entry
	head    audit.Head
}

func (l *chainLog) AppendAudit(context.Context, audit.Entry) (audit.Entry, error) {
	return audit.Entry{}, errors.New("read-only")
}

func (l *chainLog) AuditChain(ctx context.Context, from uint64, fn func(audit.Entry) error) error {
	for _, e := range l.entries {
		if e.Seq < from {
			continue
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

func (l *chainLog) AuditHead(context.Context) (audit.Head, error) { return l.head, nil }

func TestVerifyChain(t *testing.T) {
	tests := []struct {
		name    string
		tamper  func(l *chainLog)
		wantSeq uint64 // 0: intact
	}{
		{"intact", func(*chainLog) {}, 0},
		{"empty", func(l *chainLog) { l.entries, l.head = nil, audit.Head{} }, 0},
		{"longer than the head read first", func(l *chainLog) { l.head = l.entries[3].Head() }, 0},
		{"a field edited", func(l *chainLog) { l.entries[2].Detail = "改" }, 3},
		{"a middle entry deleted", func(l *chainLog) { l.entries = slices.Delete(l.entries, 4, 5) }, 5},
		{"the last entry deleted", func(l *chainLog) { l.entries = l.entries[:len(l.entries)-1] }, 6},
		{"the tail re-sealed", func(l *chainLog) {
			l.entries[5].Detail = "改"
			l.entries[5] = audit.Seal(&l.entries[4], l.entries[5])
		}, 6},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := chain(t, 6)
			l := &chainLog{entries: c, head: c[5].Head()}
			tc.tamper(l)
			last, err := audit.VerifyChain(context.Background(), l)
			if tc.wantSeq == 0 {
				if err != nil {
					t.Fatalf("VerifyChain = %v, want nil", err)
				}
				if n := len(l.entries); n > 0 && last != l.entries[n-1].Head() {
					t.Errorf("VerifyChain returned head %+v, want the last entry's", last)
				}
				return
			}
			var ce *audit.ChainError
			if !errors.As(err, &ce) || ce.Seq != tc.wantSeq {
				t.Fatalf("VerifyChain = %v, want a break at entry %d", err, tc.wantSeq)
			}
		})
	}
}
