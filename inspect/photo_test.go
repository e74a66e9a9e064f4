package inspect_test

import (
	"encoding/binary"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"cctvgis/inspect"
)

func TestReadPhoto(t *testing.T) {
	jpg := tinyJPEG(t)
	withGPS := withEXIF(jpg, sampleTIFF(binary.LittleEndian))
	tests := []struct {
		name    string
		data    []byte
		sum     string
		want    error
		content string
		gps     bool
		problem bool
	}{
		{"jpeg with EXIF", withGPS, inspect.Digest(withGPS), nil, inspect.ContentJPEG, true, false},
		{"hash in uppercase", withGPS, strings.ToUpper(inspect.Digest(withGPS)), nil, inspect.ContentJPEG, true, false},
		{"jpeg without EXIF", jpg, inspect.Digest(jpg), nil, inspect.ContentJPEG, false, false},
		{"png", tinyPNG(t), inspect.Digest(tinyPNG(t)), nil, inspect.ContentPNG, false, false},
		{"jpeg with broken EXIF is kept", withEXIF(jpg, []byte("XX*\x00")), inspect.Digest(withEXIF(jpg, []byte("XX*\x00"))), nil, inspect.ContentJPEG, false, true},
		{"wrong hash", withGPS, inspect.Digest(jpg), inspect.ErrHashMismatch, "", false, false},
		{"hash not hex", withGPS, "zz", inspect.ErrHashMismatch, "", false, false},
		{"empty hash", withGPS, "", inspect.ErrHashMismatch, "", false, false},
		{"gif", []byte("GIF89a\x01\x00\x01\x00"), inspect.Digest([]byte("GIF89a\x01\x00\x01\x00")), inspect.ErrUnsupportedFormat, "", false, false},
		{"text", []byte("hello"), inspect.Digest([]byte("hello")), inspect.ErrUnsupportedFormat, "", false, false},
		{"empty", nil, inspect.Digest(nil), inspect.ErrUnsupportedFormat, "", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := inspect.ReadPhoto(tt.data, tt.sum)
			if tt.want != nil {
				if !errors.Is(err, tt.want) {
					t.Fatalf("ReadPhoto = %v, want %v", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatalf("ReadPhoto: %v", err)
			}
			if p.ContentType != tt.content || p.Size != len(tt.data) || p.SHA256 != inspect.Digest(tt.data) {
				t.Errorf("photo = %+v", p)
			}
			if gps := p.EXIF != nil && p.EXIF.GPS != nil; gps != tt.gps {
				t.Errorf("GPS read = %v, want %v (%+v)", gps, tt.gps, p.EXIF)
			}
			if problem := p.EXIFProblem != ""; problem != tt.problem {
				t.Errorf("EXIF problem %q, want one: %v", p.EXIFProblem, tt.problem)
			}
		})
	}
}

func TestReadEXIF(t *testing.T) {
	for _, bo := range []byteOrder{binary.LittleEndian, binary.BigEndian} {
		t.Run(bo.String(), func(t *testing.T) {
			x, err := inspect.ReadEXIF(withEXIF(tinyJPEG(t), sampleTIFF(bo)))
			if err != nil {
				t.Fatal(err)
			}
			wantLat := 27 + 49.0/60 + 38.64/3600
			wantLon := 113 + 8.0/60 + 2.40/3600
			if x.GPS == nil || math.Abs(x.GPS.Lat-wantLat) > 1e-12 || math.Abs(x.GPS.Lon-wantLon) > 1e-12 {
				t.Errorf("GPS = %+v, want %v, %v", x.GPS, wantLat, wantLon)
			}
			if x.ImgDirection == nil || *x.ImgDirection != 92.5 || x.ImgDirectionRef != "T" || x.GPSMapDatum != "WGS-84" {
				t.Errorf("direction %v ref %q datum %q", x.ImgDirection, x.ImgDirectionRef, x.GPSMapDatum)
			}
			at, ok := x.TakenAt(time.UTC)
			if want := time.Date(2026, 3, 2, 1, 49, 30, 0, time.UTC); !ok || !at.Equal(want) {
				t.Errorf("TakenAt = %v, %v; want %v", at, ok, want)
			}
		})
	}
}

func TestReadEXIFSouthWest(t *testing.T) {
	bo := binary.BigEndian
	tiff := buildTIFF(bo, nil, []tiffTag{asciiTag(0x9003, "2026:03:02 09:49:30")},
		gpsTags(bo, "S", [3]uint32{33, 52, 0}, "W", [3]uint32{70, 30, 0}, 0))
	x, err := inspect.ReadEXIF(withEXIF(tinyJPEG(t), tiff))
	if err != nil {
		t.Fatal(err)
	}
	if x.GPS == nil || x.GPS.Lat >= 0 || x.GPS.Lon >= 0 {
		t.Errorf("GPS = %+v, want south and west negative", x.GPS)
	}
	// Without an offset the local time is read in the zone given.
	at, ok := x.TakenAt(inspect.ChinaTime)
	if want := time.Date(2026, 3, 2, 1, 49, 30, 0, time.UTC); !ok || !at.Equal(want) {
		t.Errorf("TakenAt = %v, %v; want %v", at, ok, want)
	}
}

func TestReadEXIFMalformed(t *testing.T) {
	le := binary.LittleEndian
	jpg := tinyJPEG(t)
	good := sampleTIFF(le)
	tests := []struct {
		name string
		data []byte
	}{
		{"not a jpeg", []byte("not a jpeg")},
		{"segment length past the end", append([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF}, "Exif\x00\x00"...)},
		{"segment length below 2", []byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x01}},
		{"truncated length", []byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00}},
		{"garbage between segments", []byte{0xFF, 0xD8, 0x00, 0x00}},
		{"bad byte order", withEXIF(jpg, append([]byte("XX"), good[2:]...))},
		{"bad magic", withEXIF(jpg, append([]byte("II\x2b\x00"), good[4:]...))},
		{"TIFF header cut", withEXIF(jpg, good[:6])},
		{"IFD0 offset past the end", withEXIF(jpg, append([]byte("II*\x00\xff\xff\xff\x7f"), good[8:]...))},
		{"IFD runs past the end", withEXIF(jpg, good[:20])},
		{"value offset past the end", withEXIF(jpg, good[:len(good)-4])},
		{"latitude over 90", withEXIF(jpg, buildTIFF(le, nil, nil, gpsTags(le, "N", [3]uint32{91, 0, 0}, "E", [3]uint32{1, 0, 0}, 0)))},
		{"minutes of 60", withEXIF(jpg, buildTIFF(le, nil, nil, gpsTags(le, "N", [3]uint32{27, 60, 0}, "E", [3]uint32{1, 0, 0}, 0)))},
		{"unknown hemisphere", withEXIF(jpg, buildTIFF(le, nil, nil, gpsTags(le, "X", [3]uint32{27, 0, 0}, "E", [3]uint32{1, 0, 0}, 0)))},
		{"zero denominator", withEXIF(jpg, buildTIFF(le, nil, nil, []tiffTag{asciiTag(1, "N"), rationalTag(le, 2, [2]uint32{27, 0}, [2]uint32{0, 1}, [2]uint32{0, 1})}))},
		{"latitude of the wrong type", withEXIF(jpg, buildTIFF(le, nil, nil, []tiffTag{asciiTag(1, "N"), asciiTag(2, "27.8")}))},
		{"direction over 360", withEXIF(jpg, buildTIFF(le, nil, nil, []tiffTag{rationalTag(le, 0x11, [2]uint32{400, 1})}))},
		{"huge entry count", withEXIF(jpg, []byte("II*\x00\x08\x00\x00\x00\xff\xff"))},
		{"huge value count", withEXIF(jpg, buildTIFF(le, nil, []tiffTag{{id: 0x9003, typ: typeASCII, count: 0xFFFFFFFF, data: []byte{0, 0, 0, 0, 0}}}, nil))},
		{"Exif pointer of the wrong type", withEXIF(jpg, buildTIFF(le, []tiffTag{asciiTag(0x8769, "x")}, nil, nil))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := inspect.ReadEXIF(tt.data)
			if !errors.Is(err, inspect.ErrEXIF) {
				t.Fatalf("ReadEXIF = %+v, %v; want ErrEXIF", x, err)
			}
			if x == nil || !x.IsZero() {
				t.Errorf("ReadEXIF gave %+v with its error, want an empty EXIF", x)
			}
		})
	}
}

func TestReadEXIFAbsent(t *testing.T) {
	jpg := tinyJPEG(t)
	tests := []struct {
		name string
		data []byte
	}{
		{"no APP1", jpg},
		{"APP1 that is not EXIF (XMP)", withAPP1(jpg, []byte("http://ns.adobe.com/xap/1.0/\x00<x/>"))},
		{"EXIF after the image data", append(jpg[:len(jpg)-2:len(jpg)-2], withEXIF([]byte{0xFF, 0xD8}, sampleTIFF(binary.LittleEndian))[2:]...)},
		{"only SOI", []byte{0xFF, 0xD8}},
		{"EXIF without GPS or time", withEXIF(jpg, buildTIFF(binary.LittleEndian, []tiffTag{asciiTag(0x010F, "Xiaomi")}, nil, nil))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := inspect.ReadEXIF(tt.data)
			if err != nil || x == nil || !x.IsZero() {
				t.Errorf("ReadEXIF = %+v, %v; want empty and no error", x, err)
			}
		})
	}
}
