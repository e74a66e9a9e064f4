package inspect_test

import (
	"encoding/binary"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"cctvgis/inspect/inspecttest"
	"cctvgis/internal/audit"

	"cctvgis/inspect"
)

func TestReadPhoto(t *testing.T) {
	jpg := inspecttest.TinyJPEG(t)
	withGPS := inspecttest.WithEXIF(jpg, inspecttest.SampleTIFF(binary.LittleEndian))
	tests := []struct {
		name    string
		data    []byte
		sum     string
		want    error
		content string
		gps     bool
		problem bool
	}{
		{"jpeg with EXIF", withGPS, audit.HexDigest(withGPS), nil, inspect.ContentJPEG, true, false},
		{"hash in uppercase", withGPS, strings.ToUpper(audit.HexDigest(withGPS)), nil, inspect.ContentJPEG, true, false},
		{"jpeg without EXIF", jpg, audit.HexDigest(jpg), nil, inspect.ContentJPEG, false, false},
		{"png", inspecttest.TinyPNG(t), audit.HexDigest(inspecttest.TinyPNG(t)), nil, inspect.ContentPNG, false, false},
		{"jpeg with broken EXIF is kept", inspecttest.WithEXIF(jpg, []byte("XX*\x00")), audit.HexDigest(inspecttest.WithEXIF(jpg, []byte("XX*\x00"))), nil, inspect.ContentJPEG, false, true},
		{"wrong hash", withGPS, audit.HexDigest(jpg), inspect.ErrHashMismatch, "", false, false},
		{"hash not hex", withGPS, "zz", inspect.ErrHashMismatch, "", false, false},
		{"empty hash", withGPS, "", inspect.ErrHashMismatch, "", false, false},
		{"gif", []byte("GIF89a\x01\x00\x01\x00"), audit.HexDigest([]byte("GIF89a\x01\x00\x01\x00")), inspect.ErrUnsupportedFormat, "", false, false},
		{"text", []byte("hello"), audit.HexDigest([]byte("hello")), inspect.ErrUnsupportedFormat, "", false, false},
		{"empty", nil, audit.HexDigest(nil), inspect.ErrUnsupportedFormat, "", false, false},
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
			if p.ContentType != tt.content || p.Size != len(tt.data) || p.SHA256 != audit.HexDigest(tt.data) {
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
	for _, bo := range []inspecttest.ByteOrder{binary.LittleEndian, binary.BigEndian} {
		t.Run(bo.String(), func(t *testing.T) {
			x, err := inspect.ReadEXIF(inspecttest.WithEXIF(inspecttest.TinyJPEG(t), inspecttest.SampleTIFF(bo)))
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
	tiff := inspecttest.BuildTIFF(bo, nil, []inspecttest.TIFFTag{inspecttest.ASCIITag(0x9003, "2026:03:02 09:49:30")},
		inspecttest.GPSTags(bo, "S", [3]uint32{33, 52, 0}, "W", [3]uint32{70, 30, 0}, 0))
	x, err := inspect.ReadEXIF(inspecttest.WithEXIF(inspecttest.TinyJPEG(t), tiff))
	if err != nil {
		t.Fatal(err)
	}
	if x.GPS == nil || x.GPS.Lat >= 0 || x.GPS.Lon >= 0 {
		t.Errorf("GPS = %+v, want south and west negative", x.GPS)
	}
	// Without an offset the local time is read in the zone given.
	at, ok := x.TakenAt(inspect.ChinaTime())
	if want := time.Date(2026, 3, 2, 1, 49, 30, 0, time.UTC); !ok || !at.Equal(want) {
		t.Errorf("TakenAt = %v, %v; want %v", at, ok, want)
	}
}

func TestReadEXIFMalformed(t *testing.T) {
	le := binary.LittleEndian
	jpg := inspecttest.TinyJPEG(t)
	good := inspecttest.SampleTIFF(le)
	tests := []struct {
		name string
		data []byte
	}{
		{"not a jpeg", []byte("not a jpeg")},
		{"segment length past the end", append([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF}, "Exif\x00\x00"...)},
		{"segment length below 2", []byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x01}},
		{"truncated length", []byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00}},
		{"garbage between segments", []byte{0xFF, 0xD8, 0x00, 0x00}},
		{"bad byte order", inspecttest.WithEXIF(jpg, append([]byte("XX"), good[2:]...))},
		{"bad magic", inspecttest.WithEXIF(jpg, append([]byte("II\x2b\x00"), good[4:]...))},
		{"TIFF header cut", inspecttest.WithEXIF(jpg, good[:6])},
		{"IFD0 offset past the end", inspecttest.WithEXIF(jpg, append([]byte("II*\x00\xff\xff\xff\x7f"), good[8:]...))},
		{"IFD runs past the end", inspecttest.WithEXIF(jpg, good[:20])},
		{"value offset past the end", inspecttest.WithEXIF(jpg, good[:len(good)-4])},
		{"latitude over 90", inspecttest.WithEXIF(jpg, inspecttest.BuildTIFF(le, nil, nil, inspecttest.GPSTags(le, "N", [3]uint32{91, 0, 0}, "E", [3]uint32{1, 0, 0}, 0)))},
		{"minutes of 60", inspecttest.WithEXIF(jpg, inspecttest.BuildTIFF(le, nil, nil, inspecttest.GPSTags(le, "N", [3]uint32{27, 60, 0}, "E", [3]uint32{1, 0, 0}, 0)))},
		{"unknown hemisphere", inspecttest.WithEXIF(jpg, inspecttest.BuildTIFF(le, nil, nil, inspecttest.GPSTags(le, "X", [3]uint32{27, 0, 0}, "E", [3]uint32{1, 0, 0}, 0)))},
		{"zero denominator", inspecttest.WithEXIF(jpg, inspecttest.BuildTIFF(le, nil, nil, []inspecttest.TIFFTag{inspecttest.ASCIITag(1, "N"), inspecttest.RationalTag(le, 2, [2]uint32{27, 0}, [2]uint32{0, 1}, [2]uint32{0, 1})}))},
		{"latitude of the wrong type", inspecttest.WithEXIF(jpg, inspecttest.BuildTIFF(le, nil, nil, []inspecttest.TIFFTag{inspecttest.ASCIITag(1, "N"), inspecttest.ASCIITag(2, "27.8")}))},
		{"direction over 360", inspecttest.WithEXIF(jpg, inspecttest.BuildTIFF(le, nil, nil, []inspecttest.TIFFTag{inspecttest.RationalTag(le, 0x11, [2]uint32{400, 1})}))},
		{"huge entry count", inspecttest.WithEXIF(jpg, []byte("II*\x00\x08\x00\x00\x00\xff\xff"))},
		{"huge value count", inspecttest.WithEXIF(jpg, inspecttest.BuildTIFF(le, nil, []inspecttest.TIFFTag{{ID: 0x9003, Type: inspecttest.TypeASCII, Count: 0xFFFFFFFF, Data: []byte{0, 0, 0, 0, 0}}}, nil))},
		{"Exif pointer of the wrong type", inspecttest.WithEXIF(jpg, inspecttest.BuildTIFF(le, []inspecttest.TIFFTag{inspecttest.ASCIITag(0x8769, "x")}, nil, nil))},
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
	jpg := inspecttest.TinyJPEG(t)
	tests := []struct {
		name string
		data []byte
	}{
		{"no APP1", jpg},
		{"APP1 that is not EXIF (XMP)", inspecttest.WithAPP1(jpg, []byte("http://ns.adobe.com/xap/1.0/\x00<x/>"))},
		{"EXIF after the image data", append(jpg[:len(jpg)-2:len(jpg)-2], inspecttest.WithEXIF([]byte{0xFF, 0xD8}, inspecttest.SampleTIFF(binary.LittleEndian))[2:]...)},
		{"only SOI", []byte{0xFF, 0xD8}},
		{"EXIF without GPS or time", inspecttest.WithEXIF(jpg, inspecttest.BuildTIFF(binary.LittleEndian, []inspecttest.TIFFTag{inspecttest.ASCIITag(0x010F, "Xiaomi")}, nil, nil))},
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
