package progress

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"
)

// clock is a fake clock that advances by step at each reading.
func clock(step time.Duration) func() time.Time {
	t := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	return func() time.Time {
		t = t.Add(step)
		return t
	}
}

func TestMeterDrawsOnATerminal(t *testing.T) {
	var b bytes.Buffer
	m := newMeter(&b, "rows", 250000, clock(time.Second))
	m.Label("writing cameras")
	m.Add(100000)
	m.Finish()
	lines := strings.Split(b.String(), "\r")
	want := "writing cameras: 100,000 of 250,000 rows (40%), 33,333 rows/s, 5s left\x1b[K"
	if got := strings.TrimSuffix(lines[len(lines)-1], "\n"); got != want {
		t.Errorf("line %q, want %q", got, want)
	}
	if !strings.HasSuffix(b.String(), "\n") {
		t.Errorf("output %q does not end its line", b.String())
	}
}

func TestMeterDrawsAtMostFiveTimesASecond(t *testing.T) {
	var b bytes.Buffer
	m := newMeter(&b, "rows", 0, clock(time.Millisecond))
	for range 1000 {
		m.Add(1)
	}
	if n := strings.Count(b.String(), "\r"); n < 4 || n > 6 {
		t.Errorf("drew %d times in one second: %q", n, b.String())
	}
	if !strings.Contains(b.String(), "rows, ") || strings.Contains(b.String(), "left") {
		t.Errorf("a meter without a total shows no share and no time left: %q", b.String())
	}
}

// Anything but a terminal, a pipe as much as a buffer, gets no progress output at all.
func TestMeterQuietWhenNotATerminal(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = r.Close() }()
	var b bytes.Buffer
	for _, out := range []any{w, &b} {
		wr, _ := out.(interface{ Write([]byte) (int, error) })
		if IsTerminal(wr) {
			t.Fatalf("%T taken for a terminal", out)
		}
		m := New(wr, "rows", 10)
		m.Label("writing")
		m.Add(10)
		m.Finish()
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	var piped bytes.Buffer
	if _, err := piped.ReadFrom(r); err != nil {
		t.Fatal(err)
	}
	if piped.Len()+b.Len() != 0 {
		t.Errorf("wrote %q to a pipe and %q to a buffer", piped.String(), b.String())
	}
}

func TestNilMeterAndContext(t *testing.T) {
	m := FromContext(context.Background())
	if m != nil {
		t.Fatalf("a bare context carries %v", m)
	}
	m.Label("x")
	m.Add(1)
	m.Finish()
	var b bytes.Buffer
	want := newMeter(&b, "rows", 1, time.Now)
	if got := FromContext(NewContext(context.Background(), want)); got != want {
		t.Errorf("the context gave back %p, want %p", got, want)
	}
}
