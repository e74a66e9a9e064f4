package inspect_test

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

// This file builds the JPEGs with EXIF data that the photo tests read: a tiny image from
// image/jpeg with an APP1 segment written here field by field, after the EXIF 2.32 and
// TIFF 6.0 layouts (IFD0 with pointers to the Exif and GPS IFDs).

// tiffTag is one IFD entry before layout.
type tiffTag struct {
	id, typ uint16
	count   uint32
	data    []byte
}

// byteOrder is a TIFF byte order that can also append.
type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

const (
	typeASCII    = 2
	typeLong     = 4
	typeRational = 5
)

func asciiTag(id uint16, s string) tiffTag {
	return tiffTag{id: id, typ: typeASCII, count: uint32(len(s) + 1), data: append([]byte(s), 0)}
}

func rationalTag(bo byteOrder, id uint16, fracs ...[2]uint32) tiffTag {
	var b []byte
	for _, f := range fracs {
		b = bo.AppendUint32(b, f[0])
		b = bo.AppendUint32(b, f[1])
	}
	return tiffTag{id: id, typ: typeRational, count: uint32(len(fracs)), data: b}
}

// buildTIFF lays out a TIFF structure: header, IFD0, then the Exif and GPS IFDs when
// given, then the values too long for their entries.
func buildTIFF(bo byteOrder, ifd0, exif, gps []tiffTag) []byte {
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
		ifd0 = append(ifd0, tiffTag{id: 0x8769, typ: typeLong, count: 1, data: bo.AppendUint32(nil, exifAt)})
	}
	if gps != nil {
		ifd0 = append(ifd0, tiffTag{id: 0x8825, typ: typeLong, count: 1, data: bo.AppendUint32(nil, gpsAt)})
	}
	var out, data []byte
	if bo.String() == binary.LittleEndian.String() {
		out = append(out, 'I', 'I')
	} else {
		out = append(out, 'M', 'M')
	}
	out = bo.AppendUint16(out, 42)
	out = bo.AppendUint32(out, 8)
	writeIFD := func(tags []tiffTag) {
		out = bo.AppendUint16(out, uint16(len(tags)))
		for _, t := range tags {
			out = bo.AppendUint16(out, t.id)
			out = bo.AppendUint16(out, t.typ)
			out = bo.AppendUint32(out, t.count)
			if len(t.data) <= 4 {
				v := make([]byte, 4)
				copy(v, t.data)
				out = append(out, v...)
				continue
			}
			out = bo.AppendUint32(out, dataAt+uint32(len(data)))
			data = append(data, t.data...)
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

// gpsTags is a GPS IFD for a position given as degrees, minutes and hundredths of
// seconds, with a true image direction in hundredths of a degree.
func gpsTags(bo byteOrder, latRef string, lat [3]uint32, lonRef string, lon [3]uint32, dir uint32) []tiffTag {
	return []tiffTag{
		asciiTag(0x0001, latRef),
		rationalTag(bo, 0x0002, [2]uint32{lat[0], 1}, [2]uint32{lat[1], 1}, [2]uint32{lat[2], 100}),
		asciiTag(0x0003, lonRef),
		rationalTag(bo, 0x0004, [2]uint32{lon[0], 1}, [2]uint32{lon[1], 1}, [2]uint32{lon[2], 100}),
		asciiTag(0x0010, "T"),
		rationalTag(bo, 0x0011, [2]uint32{dir, 100}),
		asciiTag(0x0012, "WGS-84"),
	}
}

// sampleTIFF is the EXIF data of a photo taken in Zhuzhou at 27°49'38.64"N
// 113°8'2.40"E, facing 92.5° true, at 09:49:30 China time.
func sampleTIFF(bo byteOrder) []byte {
	return buildTIFF(bo,
		[]tiffTag{asciiTag(0x010F, "Huawei")},
		[]tiffTag{asciiTag(0x9003, "2026:03:02 09:49:30"), asciiTag(0x9011, "+08:00")},
		gpsTags(bo, "N", [3]uint32{27, 49, 3864}, "E", [3]uint32{113, 8, 240}, 9250))
}

// tinyJPEG encodes an 8×8 grey image.
func tinyJPEG(tb testing.TB) []byte {
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

func tinyPNG(tb testing.TB) []byte {
	tb.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// withAPP1 inserts an APP1 segment holding payload right after the JPEG's SOI marker.
func withAPP1(jpg, payload []byte) []byte {
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	out = append(out, payload...)
	return append(out, jpg[2:]...)
}

func withEXIF(jpg, tiff []byte) []byte {
	return withAPP1(jpg, append([]byte("Exif\x00\x00"), tiff...))
}
