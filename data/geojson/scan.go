package geojson

import (
	"errors"
	"fmt"
	"io"
)

// maxDepth is how deeply arrays and objects may nest, as in encoding/json.
const maxDepth = 10000

// errMore says that a value runs past the end of the bytes scanned so far.
var errMore = errors.New("geojson: value continues past the buffer")

// syntaxError is JSON that breaks the grammar, at an offset into the value scanned.
type syntaxError struct {
	msg string
	at  int
}

func (e *syntaxError) Error() string { return e.msg }

func invalid(c byte, context string, at int) error {
	return &syntaxError{msg: fmt.Sprintf("invalid character %s %s", quoteChar(c), context), at: at}
}

// quoteChar formats c as encoding/json's messages do.
func quoteChar(c byte) string {
	switch c {
	case '\'':
		return `'\''`
	case '"':
		return `'"'`
	}
	s := fmt.Sprintf("%q", rune(c))
	return "'" + s[1:len(s)-1] + "'"
}

// isSpace reports whether c is JSON whitespace.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// scanner finds the end of one JSON value and checks its grammar as encoding/json does
// (RFC 8259; strings may hold invalid UTF-8, which decoding replaces), without decoding
// it. Its stack of open arrays and objects is kept between values.
type scanner struct {
	stack []byte
}

// Scanning states.
const (
	stValue = iota // a value starts here
	stKey          // an object key starts here
	stAfter        // a value has ended
)

// scan returns the length of the JSON value at the start of b, which holds no leading
// whitespace. When b ends inside the value it returns errMore, unless final says that
// nothing follows b, when the value is cut short (io.ErrUnexpectedEOF).
func (s *scanner) scan(b []byte, final bool) (int, error) {
	s.stack = s.stack[:0]
	more := func(at int) (int, error) {
		if final {
			return at, fmt.Errorf("decoding JSON: %w", io.ErrUnexpectedEOF)
		}
		return at, errMore
	}
	i, state := 0, stValue
	for {
		if state == stAfter && len(s.stack) == 0 {
			return i, nil
		}
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i == len(b) {
			return more(i)
		}
		c := b[i]
		switch state {
		case stKey:
			if c != '"' {
				return i, invalid(c, "looking for beginning of object key string", i)
			}
			end, err := scanString(b, i)
			if err != nil {
				if errors.Is(err, errMore) {
					return more(end)
				}
				return end, err
			}
			i = end
			for i < len(b) && isSpace(b[i]) {
				i++
			}
			if i == len(b) {
				return more(i)
			}
			if b[i] != ':' {
				return i, invalid(b[i], "after object key", i)
			}
			i++
			state = stValue
		case stAfter:
			top := s.stack[len(s.stack)-1]
			switch {
			case c == ',':
				i++
				state = stValue
				if top == '{' {
					state = stKey
				}
			case c == '}' && top == '{' || c == ']' && top == '[':
				i++
				s.stack = s.stack[:len(s.stack)-1]
			case top == '{':
				return i, invalid(c, "after object key:value pair", i)
			default:
				return i, invalid(c, "after array element", i)
			}
		default:
			var end int
			var err error
			switch {
			case c == '{' || c == '[':
				if len(s.stack) == maxDepth {
					return i, &syntaxError{msg: "exceeded max depth", at: i}
				}
				s.stack = append(s.stack, c)
				i++
				for i < len(b) && isSpace(b[i]) {
					i++
				}
				if i == len(b) {
					return more(i)
				}
				if b[i] == c+2 { // '{'+2 is '}', '['+2 is ']'
					i++
					s.stack = s.stack[:len(s.stack)-1]
					state = stAfter
				} else if c == '{' {
					state = stKey
				}
				continue
			case c == '"':
				end, err = scanString(b, i)
			case c == '-' || c >= '0' && c <= '9':
				end, err = scanNumber(b, i, final)
			case c == 't':
				end, err = scanLiteral(b, i, "true", final)
			case c == 'f':
				end, err = scanLiteral(b, i, "false", final)
			case c == 'n':
				end, err = scanLiteral(b, i, "null", final)
			default:
				return i, invalid(c, "looking for beginning of value", i)
			}
			if err != nil {
				if errors.Is(err, errMore) {
					return more(end)
				}
				return end, err
			}
			i, state = end, stAfter
		}
	}
}

// hexDigit reports whether c is a hexadecimal digit.
func hexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// scanString returns the end of the string that opens at b[i]: errMore when b ends first,
// a syntaxError for a control character or a bad escape.
func scanString(b []byte, i int) (int, error) {
	for i++; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '"':
			return i + 1, nil
		case c < 0x20:
			return i, invalid(c, "in string literal", i)
		case c == '\\':
			i++
			if i == len(b) {
				return i, errMore
			}
			switch b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				for k := 1; k <= 4; k++ {
					if i+k == len(b) {
						return i + k, errMore
					}
					if !hexDigit(b[i+k]) {
						return i + k, invalid(b[i+k], "in \\u hexadecimal character escape", i+k)
					}
				}
				i += 4
			default:
				return i, invalid(b[i], "in string escape code", i)
			}
		}
	}
	return i, errMore
}

// scanNumber returns the end of the number that starts at b[i]. A number that reaches
// the end of b may go on unless final.
func scanNumber(b []byte, i int, final bool) (int, error) {
	digits := func() int {
		start := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		return i - start
	}
	end := func(context string) (int, error) {
		if i == len(b) {
			if final {
				return i, fmt.Errorf("decoding JSON: %w", io.ErrUnexpectedEOF)
			}
			return i, errMore
		}
		return i, invalid(b[i], context, i)
	}
	if b[i] == '-' {
		i++
	}
	switch {
	case i == len(b):
		return end("in numeric literal")
	case b[i] == '0':
		i++
	case b[i] >= '1' && b[i] <= '9':
		digits()
	default:
		return end("in numeric literal")
	}
	if i < len(b) && b[i] == '.' {
		i++
		if digits() == 0 {
			return end("after decimal point in numeric literal")
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if digits() == 0 {
			return end("in exponent of numeric literal")
		}
	}
	if i == len(b) && !final {
		return i, errMore
	}
	return i, nil
}

// scanLiteral returns the end of the literal lit (true, false, null) at b[i].
func scanLiteral(b []byte, i int, lit string, final bool) (int, error) {
	for k := 1; k < len(lit); k++ {
		if i+k == len(b) {
			if final {
				return i + k, fmt.Errorf("decoding JSON: %w", io.ErrUnexpectedEOF)
			}
			return i + k, errMore
		}
		if b[i+k] != lit[k] {
			return i + k, invalid(b[i+k], "in literal "+lit+" (expecting "+quoteChar(lit[k])+")", i+k)
		}
	}
	return i + len(lit), nil
}

// squeezeSpace cuts each run of whitespace outside strings in b, which starts outside a
// string, to its first byte, and returns the new length. Tokens stay apart, so the
// squeezed bytes are valid JSON exactly when b is, and hold the same values.
func squeezeSpace(b []byte) int {
	k := 0
	inString, escaped, space := false, false, false
	for _, c := range b {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case isSpace(c):
			if space {
				continue
			}
			space = true
			b[k] = c
			k++
			continue
		case c == '"':
			inString = true
		}
		space = false
		b[k] = c
		k++
	}
	return k
}

// docReader reads JSON from r through a buffer that holds what the current value needs:
// whitespace between values is dropped as it is passed, and a value too large for half
// the buffer has its runs of whitespace squeezed before the buffer grows, so that blanks
// cost no memory wherever they are.
type docReader struct {
	r   io.Reader
	buf []byte
	pos int // the next byte not yet consumed
	// dropped counts the bytes of input dropped from the front of buf, squeezed blanks
	// included.
	dropped int64
	eof     bool
	err     error // from r, other than io.EOF
	sc      scanner
}

// docBuffer is the size a docReader's buffer starts at.
const docBuffer = 256 << 10

func newDocReader(r io.Reader) *docReader {
	return &docReader{r: r, buf: make([]byte, 0, docBuffer)}
}

// fill reads more into the buffer, keeping buf[keep:] and dropping what comes before. It
// reports whether it read anything.
func (d *docReader) fill(keep int) bool {
	if d.eof || d.err != nil {
		return false
	}
	n := copy(d.buf, d.buf[keep:len(d.buf)])
	d.buf = d.buf[:n]
	d.pos -= keep
	d.dropped += int64(keep)
	if n > cap(d.buf)/2 {
		squeezed := squeezeSpace(d.buf[d.pos:]) + d.pos
		d.dropped += int64(n - squeezed)
		n = squeezed
		d.buf = d.buf[:n]
	}
	if n > cap(d.buf)/2 {
		grown := make([]byte, n, 2*cap(d.buf))
		copy(grown, d.buf)
		d.buf = grown
	}
	for {
		m, err := d.r.Read(d.buf[n:cap(d.buf)])
		d.buf = d.buf[:n+m]
		switch {
		case errors.Is(err, io.EOF):
			d.eof = true
			return m > 0
		case err != nil:
			d.err = err
			return m > 0
		case m > 0:
			return true
		}
	}
}

// offset returns how many bytes of the input have been consumed.
func (d *docReader) offset() int64 { return d.dropped + int64(d.pos) }

// peek skips whitespace and returns the next byte, or 0 at the end of the input (or on a
// read error, which d.err then holds).
func (d *docReader) peek() byte {
	for {
		for d.pos < len(d.buf) {
			if c := d.buf[d.pos]; !isSpace(c) {
				return c
			}
			d.pos++
		}
		if !d.fill(d.pos) {
			return 0
		}
	}
}

// value returns the next value, checked, and consumes it. The bytes are valid until the
// next call.
func (d *docReader) value() ([]byte, error) {
	if d.peek() == 0 {
		return nil, d.endError()
	}
	for {
		n, err := d.sc.scan(d.buf[d.pos:], d.eof)
		if errors.Is(err, errMore) {
			if !d.fill(d.pos) && d.err != nil {
				return nil, d.err
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		v := d.buf[d.pos : d.pos+n]
		d.pos += n
		return v, nil
	}
}

// endError is the error for input that ends where more is needed.
func (d *docReader) endError() error {
	if d.err != nil {
		return d.err
	}
	return fmt.Errorf("decoding JSON: %w", io.ErrUnexpectedEOF)
}

// expect consumes the byte c after whitespace, or returns a syntax error naming what
// came instead.
func (d *docReader) expect(c byte, context string) error {
	switch got := d.peek(); got {
	case c:
		d.pos++
		return nil
	case 0:
		return d.endError()
	default:
		return invalid(got, context, d.pos)
	}
}
