package inspect

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"cctvgis/internal/audit"
)

// The content types of accepted photos.
const (
	ContentJPEG = "image/jpeg"
	ContentPNG  = "image/png"
)

var (
	jpegMagic = []byte{0xFF, 0xD8, 0xFF}
	pngMagic  = []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}
)

// Photo is an uploaded photo of an inspection. The bytes are stored once, addressed by
// their SHA-256; the same photo may be linked to more than one inspection.
type Photo struct {
	// SHA256 is the lowercase hex SHA-256 of the bytes.
	SHA256       string
	InspectionID string
	ContentType  string
	Size         int
	// EXIF is what the photo's EXIF data says, nil when it has none that could be read.
	EXIF *EXIF
	// EXIFProblem says why EXIF data present in the photo could not be read.
	EXIFProblem string
	ReceivedAt  time.Time
	// Flags are the doubts about the photo (see PhotoFlags).
	Flags []Flag
}

// Receive makes p a photo of in received at at: linked to the inspection, stamped
// (audit.Stamp), and flagged (PhotoFlags).
func (p *Photo) Receive(in *Inspection, at time.Time, s Settings) {
	p.InspectionID, p.ReceivedAt = in.ID, audit.Stamp(at)
	p.Flags = PhotoFlags(in, p, s)
}

// ReadPhoto checks an upload: its SHA-256 must be sum (hex, either case), and it must be a
// JPEG or PNG. It reads the EXIF data of a JPEG; EXIF that cannot be read does not reject
// the photo but is reported in EXIFProblem. It returns ErrHashMismatch or
// ErrUnsupportedFormat. The photo's InspectionID, ReceivedAt and Flags are set when it is
// received (Receive).
func ReadPhoto(data []byte, sum string) (Photo, error) {
	got := audit.HexDigest(data)
	want := strings.ToLower(sum)
	if _, err := hex.DecodeString(want); err != nil || len(want) != 64 {
		return Photo{}, fmt.Errorf("%w: %q is not a hex SHA-256", ErrHashMismatch, clip(sum))
	}
	if got != want {
		return Photo{}, fmt.Errorf("%w: the client sent %s, the bytes hash to %s", ErrHashMismatch, want, got)
	}
	p := Photo{SHA256: got, Size: len(data), Flags: []Flag{}}
	switch {
	case bytes.HasPrefix(data, jpegMagic):
		p.ContentType = ContentJPEG
		x, err := ReadEXIF(data)
		switch {
		case err != nil:
			p.EXIFProblem = err.Error()
		case !x.IsZero():
			p.EXIF = x
		}
	case bytes.HasPrefix(data, pngMagic):
		p.ContentType = ContentPNG
	default:
		return Photo{}, ErrUnsupportedFormat
	}
	return p, nil
}
