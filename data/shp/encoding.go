package shp

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/transform"
)

// textEncoding is the encoding of a .dbf's text and how it was chosen.
type textEncoding struct {
	// name is the encoding's name; enc decodes it, nil for UTF-8.
	name string
	enc  encoding.Encoding
	how  string
}

// String is the encoding as the import report names it: "GBK (from .cpg)".
func (e textEncoding) String() string { return e.name + " (" + e.how + ")" }

// The encodings read.
var (
	utf8Text    = textEncoding{name: "UTF-8"}
	gbkText     = textEncoding{name: "GBK", enc: simplifiedchinese.GBK}
	gb18030Text = textEncoding{name: "GB18030", enc: simplifiedchinese.GB18030}
	big5Text    = textEncoding{name: "Big5", enc: traditionalchinese.Big5}
)

// codePages are the names a .cpg gives the encodings read, upper case without spaces:
// the names GDAL and ArcGIS write, and Windows code page numbers.
var codePages = map[string]textEncoding{
	"UTF-8": utf8Text, "UTF8": utf8Text, "65001": utf8Text, "CP65001": utf8Text,
	"GBK": gbkText, "936": gbkText, "CP936": gbkText, "MS936": gbkText, "WINDOWS-936": gbkText,
	"ANSI936": gbkText, "GB2312": gbkText, "GB-2312": gbkText, "EUC-CN": gbkText, "20936": gbkText,
	"GB18030": gb18030Text, "54936": gb18030Text, "CP54936": gb18030Text,
	"BIG5": big5Text, "950": big5Text, "CP950": big5Text, "ANSI950": big5Text,
	"ISO-8859-1": {name: "ISO-8859-1", enc: charmap.ISO8859_1}, "88591": {name: "ISO-8859-1", enc: charmap.ISO8859_1},
	"LATIN1": {name: "ISO-8859-1", enc: charmap.ISO8859_1}, "28591": {name: "ISO-8859-1", enc: charmap.ISO8859_1},
	"1252": {name: "Windows-1252", enc: charmap.Windows1252}, "CP1252": {name: "Windows-1252", enc: charmap.Windows1252},
	"WINDOWS-1252": {name: "Windows-1252", enc: charmap.Windows1252}, "ANSI1252": {name: "Windows-1252", enc: charmap.Windows1252},
}

// languageDrivers are the .dbf language driver ids (header byte 29) that name a Chinese
// encoding; the others (0 for none, 0x57 for "the system's", the Western code pages)
// leave the encoding to be detected.
var languageDrivers = map[byte]textEncoding{0x4D: gbkText, 0x7A: gbkText, 0x78: big5Text}

// chooseEncoding returns the encoding of a .dbf's text: the one cpg (the .cpg's text,
// "" for none) names, else the one the language driver ldid names, else UTF-8 when
// allUTF8 finds all the text valid UTF-8, else GB18030 (which holds GBK and GB2312).
func chooseEncoding(cpg string, ldid byte, allUTF8 func() (bool, error)) (textEncoding, error) {
	how := "detected"
	if cpg != "" {
		name := strings.ToUpper(strings.Join(strings.Fields(strings.TrimPrefix(cpg, "\uFEFF")), ""))
		if e, ok := codePages[name]; ok {
			e.how = "from .cpg"
			return e, nil
		}
		how = fmt.Sprintf("detected; the .cpg names %q, which is not read", clip(strings.TrimSpace(cpg)))
	}
	if e, ok := languageDrivers[ldid]; ok && how == "detected" {
		e.how = fmt.Sprintf("from the .dbf's language driver 0x%02X", ldid)
		return e, nil
	}
	valid, err := allUTF8()
	if err != nil {
		return textEncoding{}, err
	}
	e := gb18030Text
	if valid {
		e = utf8Text
	}
	e.how = how
	return e, nil
}

// clip shortens a text for a message.
func clip(s string) string {
	if len(s) > 40 {
		return strings.ToValidUTF8(s[:40], "") + "…"
	}
	return s
}

// validText reports whether the text of a character cell is valid UTF-8, allowing its
// last character to be cut short by the cell's width (GDAL cuts names and values at a
// byte count).
func validText(b []byte) bool {
	return utf8.Valid(cutPartial(trimCell(b)))
}

// trimCell drops the spaces and NULs a cell is padded with.
func trimCell(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == 0) {
		b = b[:len(b)-1]
	}
	for len(b) > 0 && b[0] == ' ' {
		b = b[1:]
	}
	return b
}

// cutPartial drops a UTF-8 sequence cut short at the end of b.
func cutPartial(b []byte) []byte {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return b[:i]
			}
			break
		}
	}
	return b
}

// ascii reports whether b is all ASCII, which every encoding read decodes as itself.
func ascii(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// decoder decodes the text of one .dbf.
type decoder struct {
	enc textEncoding
	dec *encoding.Decoder
	// buf holds the decoded bytes of the last cell.
	buf []byte
}

func newDecoder(e textEncoding) *decoder {
	d := &decoder{enc: e}
	if e.enc != nil {
		d.dec = e.enc.NewDecoder()
	}
	return d
}

// text decodes a character cell or a field name, trimmed; a last character cut short by
// the cell's width is dropped, and bytes that are not text become U+FFFD.
func (d *decoder) text(b []byte) string {
	b = trimCell(b)
	switch {
	case ascii(b):
		return string(b)
	case d.dec == nil:
		return strings.ToValidUTF8(string(cutPartial(b)), "\uFFFD")
	}
	d.dec.Reset()
	out, _, err := transform.Append(d.dec, d.buf[:0], b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	d.buf = out
	return strings.TrimRight(string(out), "\uFFFD")
}
