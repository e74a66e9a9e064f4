package geojson

import "io"

// squeezer passes JSON through with each run of whitespace outside strings cut to its
// first byte. encoding/json's Decoder keeps the whitespace before a value in its buffer
// until the value ends, so that a file of 200 MB of blanks cost 480 MB before failing
// (issue 9, defect 13); squeezed, the decoder's buffer holds what the values need.
// Strings pass unchanged, and so do the tokens, so the decoder sees the same document.
type squeezer struct {
	r        io.Reader
	inString bool
	escaped  bool
	space    bool // the last byte passed was whitespace outside a string
}

func (s *squeezer) Read(p []byte) (int, error) {
	for {
		n, err := s.r.Read(p)
		k := 0
		for _, c := range p[:n] {
			switch {
			case s.inString:
				switch {
				case s.escaped:
					s.escaped = false
				case c == '\\':
					s.escaped = true
				case c == '"':
					s.inString = false
				}
			case c == ' ' || c == '\t' || c == '\n' || c == '\r':
				if s.space {
					continue
				}
				s.space = true
				p[k] = c
				k++
				continue
			case c == '"':
				s.inString = true
			}
			s.space = false
			p[k] = c
			k++
		}
		if k > 0 || err != nil || n == 0 {
			return k, err
		}
	}
}
