package coverage

import (
	"errors"
	"fmt"
	"strings"

	"cctvgis/planner/devicecode"
)

// RegistryCheck is what a camera registry's GB/T 28181 device codes say of its cameras,
// against where the cameras stand: the device types the codes name, and the cameras to
// verify.
type RegistryCheck struct {
	// Coded counts the cameras whose id is a well-formed device code; Types counts them by
	// the type their code names.
	Coded int
	Types map[devicecode.Type]int
	// ToVerify are the cameras whose code or district needs a look, in camera order.
	ToVerify []RegistryFinding
}

// The reasons a registry's camera is to verify (RegistryFinding.Reason).
const (
	// CodeMalformed: an id of 20 digits, as device codes are, that breaks the code's
	// structure (Err says where).
	CodeMalformed = "code-malformed"
	// CodeNotCamera: a well-formed code whose type is no camera (an NVR, an encoder, …).
	CodeNotCamera = "code-not-camera"
	// DistrictDiffers: the district the row names, or else the code's division, is not
	// the district the camera stands in.
	DistrictDiffers = "district-differs"
)

// RegistryFinding is one camera of a registry to verify.
type RegistryFinding struct {
	Camera string
	Reason string
	// Code is the camera's code when well formed; Err why it is not.
	Code devicecode.Code
	Err  error
	// Named is the district the row names or, when it names none, the code's district;
	// FromCode says which. Stands is the district the camera's position lies in.
	Named    string
	FromCode bool
	Stands   string
}

// String says what is to verify, in English.
func (f RegistryFinding) String() string {
	switch f.Reason {
	case CodeMalformed:
		var ce *devicecode.Error
		if errors.As(f.Err, &ce) {
			return fmt.Sprintf("camera %s: its id has the 20 digits of a GB/T 28181 code but is none: %s", f.Camera, ce.Message().En)
		}
		return fmt.Sprintf("camera %s: its id has the 20 digits of a GB/T 28181 code but is none: %v", f.Camera, f.Err)
	case CodeNotCamera:
		return fmt.Sprintf("camera %s: its code names a %s (type %03d), not a camera", f.Camera, f.Code.Type().En, f.Code.Type().Number)
	}
	from := "its row names"
	if f.FromCode {
		from = fmt.Sprintf("its code's division %s names", f.Code.DivisionCode())
	}
	return fmt.Sprintf("camera %s: %s district %s, but it stands in %s", f.Camera, from, f.Named, f.Stands)
}

// CheckRegistry checks the cameras of a registry by their ids, read as GB/T 28181 device
// codes where they have the 20 digits of one, and by the districts their rows name (named,
// by camera id; a row that names none takes its code's district): a malformed code, a code
// of a device that is no camera, and a district other than the one the camera stands in
// (by districts, nil or empty when none is known) are to verify. Ids of other shapes are
// not codes and are left alone. District names compare with and without their city
// (北京市朝阳区 is 朝阳区).
func CheckRegistry(cams []Camera, named map[string]string, districts *DistrictLocator) RegistryCheck {
	check := RegistryCheck{Types: map[devicecode.Type]int{}}
	for _, c := range cams {
		f := RegistryFinding{Camera: c.ID, Named: named[c.ID]}
		if looksLikeCode(c.ID) {
			code, err := devicecode.Parse(c.ID)
			switch {
			case err != nil:
				f.Reason, f.Err = CodeMalformed, err
				check.ToVerify = append(check.ToVerify, f)
				continue
			case !code.IsCamera():
				f.Reason, f.Code = CodeNotCamera, code
				check.ToVerify = append(check.ToVerify, f)
			}
			check.Coded++
			check.Types[code.Type()]++
			f.Code = code
			if f.Named == "" {
				f.Named, f.FromCode = code.District(), true
			}
		}
		if f.Named == "" || districts == nil {
			continue
		}
		if f.Stands = districts.Find(c.Pos); f.Stands != "" && !sameDistrict(f.Named, f.Stands) {
			f.Reason = DistrictDiffers
			check.ToVerify = append(check.ToVerify, f)
		}
	}
	return check
}

// looksLikeCode reports whether id has the 20 digits of a device code.
func looksLikeCode(id string) bool {
	if len(id) != devicecode.Length {
		return false
	}
	for _, r := range id {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// sameDistrict reports whether two names name one district: equal, or one the other with
// the names of its city or province before it.
func sameDistrict(a, b string) bool {
	return a == b || strings.HasSuffix(a, b) || strings.HasSuffix(b, a)
}
