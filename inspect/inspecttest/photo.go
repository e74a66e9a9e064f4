// Package inspecttest builds the photos that tests of the inspection API upload: tiny
// JPEGs and PNGs, and EXIF data written field by field after the EXIF 2.32 and TIFF 6.0
// layouts. Only tests import it.
package inspecttest

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"testing"
)

// TIFFTag is one IFD entry before layout.
type TIFFTag struct {
	ID, Type uint16
	Count    uint32
	Data     []byte
}

// ByteOrder is a TIFF byte order that can also append.
type ByteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// The TIFF field types the builders write.
const (
	TypeASCII    = 2
	TypeLong     = 4
	TypeRational = 5
)

// ASCIITag is a NUL-terminated ASCII entry.
func ASCIITag(id uint16, s string) TIFFTag {
	return TIFFTag{ID: id, Type: TypeASCII, Count: uint32(len(s) + 1), Data: append([]byte(s), 0)}
}

// RationalTag is an entry of unsigned rationals.
func RationalTag(bo ByteOrder, id uint16, fracs ...[2]uint32) TIFFTag {
	var b []byte
	for _, f := range fracs {
		b = bo.AppendUint32(b, f[0])
		b = bo.AppendUint32(b, f[1])
	}
	return TIFFTag{ID: id, Type: TypeRational, Count: uint32(len(fracs)), Data: b}
}

// BuildTIFF lays out a TIFF structure: header, IFD0, then the Exif and GPS IFDs when
// given, then the values too long for their entries.
func BuildTIFF(bo ByteOrder, ifd0, exif, gps []TIFFTag) []byte {
	ifdSize := func(n int) uint32 { return uint32(2 + 12*n + 4) }
	n0 := len(ifd0)
	if exif != nil {
		n0++
	}
	if gps != nil {
		n0++
	}
	at := uint32(8) + ifdSize(n0)
	exifAt, gpsAt := at, at
	if exif != nil {
		at += ifdSize(len(exif))
		gpsAt = at
	}
	if gps != nil {
		at += ifdSize(len(gps))
	}
	dataAt := at
	if exif != nil {
		ifd0 = append(ifd0, TIFFTag{ID: 0x8769, Type: TypeLong, Count: 1, Data: bo.AppendUint32(nil, exifAt)})
	}
	if gps != nil {
		ifd0 = append(ifd0, TIFFTag{ID: 0x8825, Type: TypeLong, Count: 1, Data: bo.AppendUint32(nil, gpsAt)})
	}
	var out, data []byte
	if bo.String() == binary.LittleEndian.String() {
		out = append(out, 'I', 'I')
	} else {
		out = append(out, 'M', 'M')
	}
	out = bo.AppendUint16(out, 42)
	out = bo.AppendUint32(out, 8)
	writeIFD := func(tags []TIFFTag) {
		out = bo.AppendUint16(out, uint16(len(tags)))
		for _, t := range tags {
			out = bo.AppendUint16(out, t.ID)
			out = bo.AppendUint16(out, t.Type)
			out = bo.AppendUint32(out, t.Count)
			if len(t.Data) <= 4 {
				v := make([]byte, 4)
				copy(v, t.Data)
				out = append(out, v...)
				continue
			}
			out = bo.AppendUint32(out, dataAt+uint32(len(data)))
			data = append(data, t.Data...)
		}
		out = bo.AppendUint32(out, 0) // no next IFD
	}
	writeIFD(ifd0)
	if exif != nil {
		writeIFD(exif)
	}
	if gps != nil {
		writeIFD(gps)
	}
	return append(out, data...)
}

// GPSTags is a GPS IFD for a position given as degrees, minutes and hundredths of
// seconds, with a true image direction in hundredths of a degree.
func GPSTags(bo ByteOrder, latRef string, lat [3]uint32, lonRef string, lon [3]uint32, dir uint32) []TIFFTag {
	return []TIFFTag{
		ASCIITag(0x0001, latRef),
		RationalTag(bo, 0x0002, [2]uint32{lat[0], 1}, [2]uint32{lat[1], 1}, [2]uint32{lat[2], 100}),
		ASCIITag(0x0003, lonRef),
		RationalTag(bo, 0x0004, [2]uint32{lon[0], 1}, [2]uint32{lon[1], 1}, [2]uint32{lon[2], 100}),
		ASCIITag(0x0010, "T"),
		RationalTag(bo, 0x0011, [2]uint32{dir, 100}),
		ASCIITag(0x0012, "WGS-84"),
	}
}

// SampleTIFF is the EXIF data of a photo taken in Zhuzhou at 27°49'38.64"N
// 113°8'2.40"E, facing 92.5° true, at 09:49:30 China time.
func SampleTIFF(bo ByteOrder) []byte {
	return BuildTIFF(bo,
		[]TIFFTag{ASCIITag(0x010F, "Huawei")},
		[]TIFFTag{ASCIITag(0x9003, "2026:03:02 09:49:30"), ASCIITag(0x9011, "+08:00")},
		GPSTags(bo, "N", [3]uint32{27, 49, 3864}, "E", [3]uint32{113, 8, 240}, 9250))
}

// TinyJPEG encodes an 8×8 grey image.
func TinyJPEG(tb testing.TB) []byte {
	tb.Helper()
	img := image.NewGray(image.Rect(0, 0, 8, 8))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 4)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// TinyPNG encodes a 4×4 image with one red pixel.
func TinyPNG(tb testing.TB) []byte {
	tb.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// WithAPP1 inserts an APP1 segment holding payload right after the JPEG's SOI marker.
func WithAPP1(jpg, payload []byte) []byte {
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	out = append(out, payload...)
	return append(out, jpg[2:]...)
}

// WithEXIF inserts the TIFF structure tiff as the JPEG's EXIF segment.
func WithEXIF(jpg, tiff []byte) []byte {
	return WithAPP1(jpg, append([]byte("Exif\x00\x00"), tiff...))
}

// JPEGAt is a tiny JPEG whose EXIF says it was taken at lat, lon (WGS84 degrees, north
// and east), facing 90° true.
func JPEGAt(tb testing.TB, lat, lon float64) []byte {
	tb.Helper()
	dms := func(v float64) [3]uint32 {
		d := uint32(v)
		m := uint32((v - float64(d)) * 60)
		s := uint32(math.Round(((v-float64(d))*60 - float64(m)) * 60 * 100))
		return [3]uint32{d, m, s}
	}
	bo := binary.LittleEndian
	return WithEXIF(TinyJPEG(tb), BuildTIFF(bo, []TIFFTag{ASCIITag(0x010F, "Huawei")}, nil,
		GPSTags(bo, "N", dms(lat), "E", dms(lon), 9000)))
}
