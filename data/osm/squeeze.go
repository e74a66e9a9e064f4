package osm

import "io"

// xmlSqueezer passes XML through with each run of whitespace between tags cut to its first
// byte. encoding/xml returns the text between two tags as one token, so that a file of
// 200 MB of blanks cost its size several times over (issue 9, defect 13); OpenStreetMap
// XML has no text of its own, only tags, whose insides (and so every attribute value)
// pass unchanged.
type xmlSqueezer struct {
	r     io.Reader
	inTag bool
	quote byte // the quote of the attribute value being read, 0 outside one
	space bool // the last byte passed was whitespace between tags
}

func (s *xmlSqueezer) Read(p []byte) (int, error) {
	for {
		n, err := s.r.Read(p)
		k := 0
		for _, c := range p[:n] {
			switch {
			case s.inTag:
				switch {
				case s.quote != 0:
					if c == s.quote {
						s.quote = 0
					}
				case c == '"' || c == '\'':
					s.quote = c
				case c == '>':
					s.inTag = false
				}
			case c == ' ' || c == '\t' || c == '\n' || c == '\r':
				if s.space {
					continue
				}
				s.space = true
				p[k] = c
				k++
				continue
			case c == '<':
				s.inTag = true
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
