// Package progress shows how far a long job has come (units done of a total, their rate
// and the time left) on one line of a terminal, and nothing anywhere else, so that logs,
// pipes and tests see no progress output. It does no other I/O.
package progress

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// every is how often the line is redrawn at most.
const every = 200 * time.Millisecond

// Meter counts the units of a job done and redraws its line. A nil *Meter counts nothing
// and draws nothing, so code may report to the meter of a context that has none. Its
// methods may be called from several goroutines.
type Meter struct {
	w     io.Writer // nil when quiet
	unit  string
	total int64
	now   func() time.Time

	mu    sync.Mutex
	label string
	done  int64
	start time.Time
	drawn time.Time // when the line was last drawn; zero before the first
}

// New returns a meter of total units (total 0 when unknown: no share, no time left) named
// unit ("rows"), drawing on w when w is a terminal and quiet otherwise.
func New(w io.Writer, unit string, total int64) *Meter {
	if !IsTerminal(w) {
		w = nil
	}
	return newMeter(w, unit, total, time.Now)
}

func newMeter(w io.Writer, unit string, total int64, now func() time.Time) *Meter {
	return &Meter{w: w, unit: unit, total: total, now: now, start: now()}
}

// IsTerminal reports whether w is a terminal (a character device, as a console is).
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// Label sets what the line says the job is doing ("writing cameras").
func (m *Meter) Label(s string) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.label = s
	m.draw(false)
}

// Add counts n more units done.
func (m *Meter) Add(n int64) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.done += n
	m.draw(false)
}

// Finish draws the line a last time and ends it, if it was ever drawn.
func (m *Meter) Finish() {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.w == nil || m.drawn.IsZero() {
		return
	}
	m.draw(true)
	_, _ = io.WriteString(m.w, "\n")
}

// draw redraws the line when it is due, or now when force; m.mu is held.
func (m *Meter) draw(force bool) {
	if m.w == nil {
		return
	}
	t := m.now()
	if !force && t.Sub(m.drawn) < every {
		return
	}
	m.drawn = t
	// \r returns to the line's start and \x1b[K clears what a longer line left.
	_, _ = io.WriteString(m.w, "\r"+m.line(t.Sub(m.start))+"\x1b[K")
}

// line is the text of the meter after elapsed: "writing cameras: 120,000 of 250,000 rows
// (48%), 61,000 rows/s, 2 s left".
func (m *Meter) line(elapsed time.Duration) string {
	s := ""
	if m.label != "" {
		s = m.label + ": "
	}
	s += group(m.done)
	if m.total > 0 {
		s += fmt.Sprintf(" of %s %s (%d%%)", group(m.total), m.unit, 100*min(m.done, m.total)/m.total)
	} else {
		s += " " + m.unit
	}
	if elapsed <= 0 || m.done == 0 {
		return s
	}
	rate := float64(m.done) / elapsed.Seconds()
	s += fmt.Sprintf(", %s %s/s", group(int64(rate)), m.unit)
	if left := m.total - m.done; m.total > 0 && left > 0 {
		s += fmt.Sprintf(", %s left", time.Duration(float64(left)/rate*float64(time.Second)).Round(time.Second))
	}
	return s
}

// group writes n with a comma between groups of three digits.
func group(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + group(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

type meterKey struct{}

// NewContext returns a context carrying m, for a long call (a store's write) to report to,
// as net/http/httptrace carries its hooks.
func NewContext(ctx context.Context, m *Meter) context.Context {
	return context.WithValue(ctx, meterKey{}, m)
}

// FromContext returns the meter ctx carries, or nil.
func FromContext(ctx context.Context) *Meter {
	m, _ := ctx.Value(meterKey{}).(*Meter)
	return m
}
