package inspect

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/paulmach/orb"
)

// EXIF is what a photo's EXIF data says about where, when and in which direction it was
// taken. Fields the photo does not carry are empty.
type EXIF struct {
	// GPS is the position the camera recorded, as written (phones write WGS84; see
	// GPSMapDatum).
	GPS         *LatLon
	GPSMapDatum string
	// DateTimeOriginal is the camera's local time of the shot as written,
	// "YYYY:MM:DD HH:MM:SS", and OffsetTimeOriginal its UTC offset ("+08:00") when written.
	DateTimeOriginal   string
	OffsetTimeOriginal string
	// ImgDirection is the direction the camera faced, degrees, relative to true (T) or
	// magnetic (M) north as ImgDirectionRef says.
	ImgDirection    *float64
	ImgDirectionRef string
}

// LatLon is a WGS84 position in degrees.
type LatLon struct {
	Lat float64
	Lon float64
}

// Point returns the position as an orb point, longitude first.
func (l LatLon) Point() orb.Point { return orb.Point{l.Lon, l.Lat} }

// IsZero reports whether the EXIF data holds none of the fields the package reads.
func (x *EXIF) IsZero() bool {
	return x.GPS == nil && x.GPSMapDatum == "" && x.DateTimeOriginal == "" && x.OffsetTimeOriginal == "" && x.ImgDirection == nil && x.ImgDirectionRef == ""
}

// TakenAt returns the time of the shot: DateTimeOriginal at OffsetTimeOriginal when the
// photo gives the offset, else in zone. It reports false when the photo gives no time or
// one that cannot be read.
func (x *EXIF) TakenAt(zone *time.Location) (time.Time, bool) {
	if x.DateTimeOriginal == "" {
		return time.Time{}, false
	}
	if x.OffsetTimeOriginal != "" {
		t, err := time.Parse("2006:01:02 15:04:05-07:00", x.DateTimeOriginal+x.OffsetTimeOriginal)
		return t, err == nil
	}
	t, err := time.ParseInLocation("2006:01:02 15:04:05", x.DateTimeOriginal, zone)
	return t, err == nil
}

// The TIFF tags read.
const (
	tagExifIFD            = 0x8769
	tagGPSIFD             = 0x8825
	tagDateTimeOriginal   = 0x9003
	tagOffsetTimeOriginal = 0x9011
	tagGPSLatitudeRef     = 0x0001
	tagGPSLatitude        = 0x0002
	tagGPSLongitudeRef    = 0x0003
	tagGPSLongitude       = 0x0004
	tagGPSImgDirectionRef = 0x0010
	tagGPSImgDirection    = 0x0011
	tagGPSMapDatum        = 0x0012
)

// maxIFDEntries bounds the entries of one IFD; real ones hold a few dozen.
const maxIFDEntries = 1000

// ReadEXIF reads the EXIF data of a JPEG: the first APP1 segment that starts with
// "Exif\0\0", before the image data. A JPEG without EXIF gives an empty EXIF. It returns
// an error matching ErrEXIF for a malformed JPEG segment structure or a malformed TIFF
// structure or value among the tags it reads. It never panics and reads nothing outside
// data, whatever the input.
func ReadEXIF(data []byte) (*EXIF, error) {
	seg, err := exifSegment(data)
	if err != nil || seg == nil {
		return &EXIF{}, err
	}
	x, err := readTIFF(seg)
	if err != nil {
		return &EXIF{}, fmt.Errorf("%w: %w", ErrEXIF, err)
	}
	return x, nil
}

// exifSegment returns the TIFF data of the JPEG's EXIF segment, or nil when it has none.
func exifSegment(b []byte) ([]byte, error) {
	if len(b) < 2 || b[0] != 0xFF || b[1] != 0xD8 {
		return nil, fmt.Errorf("%w: not a JPEG", ErrEXIF)
	}
	for i := 2; i < len(b); {
		if b[i] != 0xFF {
			return nil, fmt.Errorf("%w: no JPEG marker at byte %d", ErrEXIF, i)
		}
		for i < len(b) && b[i] == 0xFF {
			i++ // fill bytes before a marker
		}
		if i >= len(b) {
			break
		}
		m := b[i]
		i++
		switch {
		case m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7):
			continue // markers without a length
		case m == 0xD9 || m == 0xDA:
			return nil, nil // end of image or start of scan: EXIF comes before
		}
		if i+2 > len(b) {
			return nil, fmt.Errorf("%w: JPEG segment %#x truncated", ErrEXIF, m)
		}
		n := int(b[i])<<8 | int(b[i+1])
		if n < 2 || i+n > len(b) {
			return nil, fmt.Errorf("%w: JPEG segment %#x at byte %d has a bad length %d", ErrEXIF, m, i-2, n)
		}
		seg := b[i+2 : i+n]
		i += n
		if m == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return seg[6:], nil
		}
	}
	return nil, nil
}

type tiff struct {
	b  []byte
	bo binary.ByteOrder
}

type ifdEntry struct {
	typ   uint16
	count uint32
	// val is the entry's value field: the value itself when it fits in 4 bytes, else
	// the offset of the value.
	val [4]byte
}

func readTIFF(b []byte) (*EXIF, error) {
	if len(b) < 8 {
		return nil, fmt.Errorf("TIFF header truncated")
	}
	t := &tiff{b: b}
	switch string(b[:2]) {
	case "II":
		t.bo = binary.LittleEndian
	case "MM":
		t.bo = binary.BigEndian
	default:
		return nil, fmt.Errorf("bad TIFF byte order %q", b[:2])
	}
	if t.bo.Uint16(b[2:]) != 42 {
		return nil, fmt.Errorf("bad TIFF magic number")
	}
	ifd0, err := t.ifd(t.bo.Uint32(b[4:]))
	if err != nil {
		return nil, fmt.Errorf("IFD0: %w", err)
	}
	x := &EXIF{}
	if e, ok := ifd0[tagExifIFD]; ok {
		if err := t.readExifIFD(e, x); err != nil {
			return nil, fmt.Errorf("the Exif IFD: %w", err)
		}
	}
	if e, ok := ifd0[tagGPSIFD]; ok {
		if err := t.readGPSIFD(e, x); err != nil {
			return nil, fmt.Errorf("GPS IFD: %w", err)
		}
	}
	return x, nil
}

func (t *tiff) readExifIFD(ptr ifdEntry, x *EXIF) error {
	off, err := t.offset(ptr)
	if err != nil {
		return err
	}
	ifd, err := t.ifd(off)
	if err != nil {
		return err
	}
	if x.DateTimeOriginal, err = t.ascii(ifd, tagDateTimeOriginal); err != nil {
		return fmt.Errorf("DateTimeOriginal: %w", err)
	}
	if x.OffsetTimeOriginal, err = t.ascii(ifd, tagOffsetTimeOriginal); err != nil {
		return fmt.Errorf("OffsetTimeOriginal: %w", err)
	}
	return nil
}

func (t *tiff) readGPSIFD(ptr ifdEntry, x *EXIF) error {
	off, err := t.offset(ptr)
	if err != nil {
		return err
	}
	ifd, err := t.ifd(off)
	if err != nil {
		return err
	}
	lat, okLat, err := t.coordinate(ifd, tagGPSLatitude, tagGPSLatitudeRef, "N", "S", 90)
	if err != nil {
		return fmt.Errorf("GPSLatitude: %w", err)
	}
	lon, okLon, err := t.coordinate(ifd, tagGPSLongitude, tagGPSLongitudeRef, "E", "W", 180)
	if err != nil {
		return fmt.Errorf("GPSLongitude: %w", err)
	}
	if okLat && okLon {
		x.GPS = &LatLon{Lat: lat, Lon: lon}
	}
	if x.GPSMapDatum, err = t.ascii(ifd, tagGPSMapDatum); err != nil {
		return fmt.Errorf("GPSMapDatum: %w", err)
	}
	if e, ok := ifd[tagGPSImgDirection]; ok {
		r, err := t.rationals(e, 1)
		if err != nil {
			return fmt.Errorf("GPSImgDirection: %w", err)
		}
		if !(r[0] >= 0 && r[0] <= 360) {
			return fmt.Errorf("GPSImgDirection %v is outside 0 to 360", r[0])
		}
		d := math.Mod(r[0], 360)
		x.ImgDirection = &d
	}
	ref, err := t.ascii(ifd, tagGPSImgDirectionRef)
	if err != nil {
		return fmt.Errorf("GPSImgDirectionRef: %w", err)
	}
	if ref != "" && ref != "T" && ref != "M" {
		return fmt.Errorf("GPSImgDirectionRef %q is neither T nor M", clip(ref))
	}
	x.ImgDirectionRef = ref
	return nil
}

// coordinate reads a latitude or longitude as degrees, minutes and seconds with its
// hemisphere reference. It reports false when the tag is absent.
func (t *tiff) coordinate(ifd map[uint16]ifdEntry, tag, refTag uint16, pos, neg string, limit float64) (float64, bool, error) {
	e, ok := ifd[tag]
	if !ok {
		return 0, false, nil
	}
	dms, err := t.rationals(e, 3)
	if err != nil {
		return 0, false, err
	}
	if !(dms[1] < 60 && dms[2] < 60) {
		return 0, false, fmt.Errorf("minutes %v or seconds %v not below 60", dms[1], dms[2])
	}
	v := dms[0] + dms[1]/60 + dms[2]/3600
	if !(v <= limit) {
		return 0, false, fmt.Errorf("%v° is beyond %v°", v, limit)
	}
	ref, err := t.ascii(ifd, refTag)
	switch {
	case err != nil:
		return 0, false, fmt.Errorf("reference: %w", err)
	case ref == pos:
	case ref == neg:
		v = -v
	default:
		return 0, false, fmt.Errorf("reference %q is neither %s nor %s", clip(ref), pos, neg)
	}
	return v, true, nil
}

// ifd reads the entries of the IFD at off. Entries of unknown types are kept; reading
// their values fails.
func (t *tiff) ifd(off uint32) (map[uint16]ifdEntry, error) {
	start := uint64(off)
	if start+2 > uint64(len(t.b)) {
		return nil, fmt.Errorf("IFD offset %d is beyond the data (%d bytes)", off, len(t.b))
	}
	n := uint64(t.bo.Uint16(t.b[start:]))
	if n > maxIFDEntries {
		return nil, fmt.Errorf("IFD at %d claims %d entries", off, n)
	}
	if start+2+12*n > uint64(len(t.b)) {
		return nil, fmt.Errorf("IFD at %d with %d entries runs past the data", off, n)
	}
	out := make(map[uint16]ifdEntry, n)
	for k := range n {
		p := t.b[start+2+12*k:]
		tag := t.bo.Uint16(p)
		if _, dup := out[tag]; dup {
			continue // the first wins, as in most readers
		}
		e := ifdEntry{typ: t.bo.Uint16(p[2:]), count: t.bo.Uint32(p[4:])}
		copy(e.val[:], p[8:12])
		out[tag] = e
	}
	return out, nil
}

// typeSizes is the size in bytes of one value of each TIFF type the reader knows.
var typeSizes = map[uint16]uint64{1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1, 9: 4, 10: 8, 13: 4}

// data returns the bytes of an entry's value, bounds-checked.
func (t *tiff) data(e ifdEntry) ([]byte, error) {
	size, ok := typeSizes[e.typ]
	if !ok {
		return nil, fmt.Errorf("unknown TIFF type %d", e.typ)
	}
	total := size * uint64(e.count)
	if total <= 4 {
		return e.val[:total], nil
	}
	off := uint64(t.bo.Uint32(e.val[:]))
	if off+total > uint64(len(t.b)) {
		return nil, fmt.Errorf("value of %d bytes at %d runs past the data (%d bytes)", total, off, len(t.b))
	}
	return t.b[off : off+total], nil
}

// offset reads a pointer to a sub-IFD: one LONG or IFD value.
func (t *tiff) offset(e ifdEntry) (uint32, error) {
	if (e.typ != 4 && e.typ != 13) || e.count != 1 {
		return 0, fmt.Errorf("IFD pointer of type %d and count %d", e.typ, e.count)
	}
	return t.bo.Uint32(e.val[:]), nil
}

// ascii reads an ASCII tag up to its first NUL; an absent tag gives "".
func (t *tiff) ascii(ifd map[uint16]ifdEntry, tag uint16) (string, error) {
	e, ok := ifd[tag]
	if !ok {
		return "", nil
	}
	if e.typ != 2 {
		return "", fmt.Errorf("type %d, not ASCII", e.typ)
	}
	b, err := t.data(e)
	if err != nil {
		return "", err
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return strings.ToValidUTF8(strings.TrimSpace(string(b)), "\uFFFD"), nil
}

// rationals reads the first n unsigned RATIONAL values of an entry.
func (t *tiff) rationals(e ifdEntry, n int) ([]float64, error) {
	if e.typ != 5 || e.count < uint32(n) {
		return nil, fmt.Errorf("type %d count %d, not %d RATIONAL values", e.typ, e.count, n)
	}
	b, err := t.data(e)
	if err != nil {
		return nil, err
	}
	out := make([]float64, n)
	for i := range out {
		num, den := t.bo.Uint32(b[8*i:]), t.bo.Uint32(b[8*i+4:])
		if den == 0 {
			return nil, fmt.Errorf("RATIONAL %d/0", num)
		}
		out[i] = float64(num) / float64(den)
	}
	return out, nil
}
