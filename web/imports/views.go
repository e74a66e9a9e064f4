package imports

import (
	"encoding/json"
	"time"

	"cctvgis/internal/views"
	"cctvgis/planner/coverage"
)

// Options say how to read an uploaded file: the body of PUT /imports/{id}, and what a
// preview was read with.
type Options struct {
	// Layer is the layer the file holds, or all for every layer of an OpenStreetMap file.
	Layer string `json:"layer"`
	// CRS names the coordinate system of the file's positions (as GET /imports/options
	// lists them, or epsg:N); "" reads them in the system the file declares, else WGS84.
	CRS string `json:"crs"`
	// Mapping maps fields to the columns of a table (field → column); null or empty
	// recognises the columns by their headers.
	Mapping map[string]string `json:"mapping,omitempty"`
	// Table names the table of a GeoPackage to read; "" reads its only one.
	Table string `json:"table,omitempty"`
	// Sheet names the sheet of an Excel workbook to read; "" reads the first.
	Sheet string `json:"sheet,omitempty"`
	// Repair mends invalid outlines of areas as the import command's --repair does, and is
	// on for a new upload; RepairForce keeps repairs that change an area by more than 1 %
	// (--repair-force). A re-read takes the options whole: one without repair turns it off.
	Repair      bool `json:"repair,omitempty"`
	RepairForce bool `json:"repair_force,omitempty"`
}

// CRSSource says where the coordinate system of a read came from.
type CRSSource string

// Where a coordinate system comes from.
const (
	// CRSFile is the system the file declares.
	CRSFile CRSSource = "file"
	// CRSUser is the system the user named.
	CRSUser CRSSource = "user"
	// CRSDefault is WGS84, for a file that declares none.
	CRSDefault CRSSource = "default"
)

// Values lists the sources of a coordinate system.
func (CRSSource) Values() []CRSSource { return []CRSSource{CRSFile, CRSUser, CRSDefault} }

// Preview is an uploaded file as it would be imported, before anything is written: the
// answer of POST /imports, GET and PUT /imports/{id}.
type Preview struct {
	ID string `json:"id"`
	// File is the file's name as it was sent; Bytes its size.
	File  string `json:"file"`
	Bytes int64  `json:"bytes"`
	// ExpiresAt is when the upload is removed unless confirmed.
	ExpiresAt time.Time `json:"expires_at"`
	Options   Options   `json:"options"`
	// Format is the file's format, by the name the import report gives it (GeoJSON, CSV,
	// OpenStreetMap, …).
	Format string `json:"format"`
	// CRS is the coordinate system the positions were read in, and CRSFrom where it came
	// from; when the read was refused, the system the user named ("" for none).
	CRS     string    `json:"crs"`
	CRSFrom CRSSource `json:"crs_from"`
	// Mapping is the column mapping of a table format, null for the others.
	Mapping *Mapping `json:"mapping"`
	// Swapped says the X column held northings and the Y column eastings, read as such.
	Swapped bool `json:"swapped"`
	// Problem says why the file cannot be read with these options (a coordinate system
	// to name, a required field without a column); null when it was read. The options
	// can be changed with PUT /imports/{id}.
	Problem *Problem `json:"problem"`
	// Read counts the features read, by layer; Valid those a confirmation writes;
	// Rejected those it skips.
	Read     map[string]int `json:"read"`
	Valid    int            `json:"valid"`
	Rejected int            `json:"rejected"`
	// Rejections are the first MaxRejections rejected features, with their place in the
	// file, id, field and reason.
	Rejections []views.Rejection `json:"rejections"`
	// Notes are the other lines of the read's report: what a reader skipped and why.
	Notes []string `json:"notes"`
	// Repairs are the first MaxRejections outlines repaired (with Options.Repair), and
	// RepairsRefused counts the repairs refused, whose features are rejected.
	Repairs        []Repair `json:"repairs"`
	RepairsRefused int      `json:"repairs_refused"`
	// Registry is what the GB/T 28181 codes and the districts of a camera registry's rows
	// say of its cameras, as the import command shows it; null for a file without cameras.
	// The cameras to verify are written as they are: the check informs, it does not refuse.
	Registry *Registry `json:"registry"`
	// Features are the first features read, as a GeoJSON FeatureCollection in WGS84:
	// each with its layer, its fields and rejected: true when a confirmation skips it.
	Features json.RawMessage `json:"features"`
}

// Problem is why a file cannot be read with the options given.
type Problem struct {
	// Field is the option to change: crs, mapping, table, sheet or layer; "" when none
	// will do.
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Mapping is the column mapping of a table: every field a column may give, the table's
// columns, and the column each field is read from.
type Mapping struct {
	Fields  []Field  `json:"fields"`
	Columns []string `json:"columns"`
	Pairs   []Pair   `json:"pairs"`
	// Unused are the columns no field reads.
	Unused []string `json:"unused"`
}

// Field is a field of a layer that a column may give.
type Field struct {
	Name     string `json:"name"`
	Required bool   `json:"required"`
	// Number says the field holds a number.
	Number bool `json:"number"`
}

// Pair is a field and the column it is read from.
type Pair struct {
	Field  string `json:"field"`
	Column string `json:"column"`
	// By says how the column was chosen: name (named as the field), header (a common
	// header of the field) or map (the user's choice).
	By string `json:"by"`
}

// ConfirmRequest confirms an import.
type ConfirmRequest struct {
	// SkipInvalid writes the valid features and skips the rejected ones; without it, a
	// file with rejections is refused.
	SkipInvalid bool `json:"skip_invalid"`
}

// Result is what a confirmed import wrote.
type Result struct {
	// Written counts the features written, by layer.
	Written map[string]int `json:"written"`
	// Skipped is how many rejected features were left out.
	Skipped int `json:"skipped"`
	// Version is the store's version the server's city now shows.
	Version int64 `json:"version"`
}

// Setup is what the import page offers: the layers, the coordinate systems by name and
// the largest file accepted.
type Setup struct {
	// Layers are the layers a file may hold, and all (every layer of an OpenStreetMap
	// file).
	Layers []string `json:"layers"`
	// CRS are the coordinate systems by name; epsg:N names the others (CRSNames).
	CRS      []string `json:"crs"`
	CRSNames string   `json:"crs_names"`
	MaxBytes int64    `json:"max_bytes"`
}

// Registry is the check of a camera registry: how many cameras have a GB/T 28181 code, the
// device types the codes name, and the cameras to verify.
type Registry struct {
	Coded int          `json:"coded"`
	Types []DeviceType `json:"types"`
	// ToVerify counts the cameras to verify; Findings are the first MaxRejections.
	ToVerify int               `json:"to_verify"`
	Findings []RegistryFinding `json:"findings"`
}

// DeviceType is a device type of GB/T 28181, with how many cameras' codes name it.
type DeviceType struct {
	Number  int    `json:"number"`
	Zh      string `json:"zh"`
	En      string `json:"en"`
	Cameras int    `json:"cameras"`
}

// RegistryReason is why a registry's camera is to verify.
type RegistryReason string

// Values lists the reasons a camera is to verify.
func (RegistryReason) Values() []RegistryReason {
	return []RegistryReason{coverage.CodeMalformed, coverage.CodeNotCamera, coverage.DistrictDiffers}
}

// RegistryFinding is a camera of a registry to verify.
type RegistryFinding struct {
	Camera string         `json:"camera"`
	Reason RegistryReason `json:"reason"`
	// ProblemZh and ProblemEn say what breaks a malformed code.
	ProblemZh string `json:"problem_zh,omitempty"`
	ProblemEn string `json:"problem_en,omitempty"`
	// Type is the device type a well-formed code names, and Division its division's
	// code, when the code says something of the finding.
	Type     *DeviceType `json:"type,omitempty"`
	Division string      `json:"division,omitempty"`
	// Named is the district the row names or, when FromCode, the code's division names;
	// Stands the district the camera stands in.
	Named    string `json:"named"`
	FromCode bool   `json:"from_code"`
	Stands   string `json:"stands"`
}

// RepairDone counts what a repair did to an outline (geo.Repair).
type RepairDone struct {
	Crossings  int  `json:"crossings"`
	Spikes     int  `json:"spikes"`
	Repeated   int  `json:"repeated"`
	Closed     int  `json:"closed"`
	Reversed   int  `json:"reversed"`
	Degenerate int  `json:"degenerate"`
	Regrouped  bool `json:"regrouped"`
}

// Repair is an outline the read repaired: what was done, and the area before and after.
type Repair struct {
	Layer string `json:"layer"`
	Index int    `json:"index"`
	ID    string `json:"id"`
	// Done says what was done, as the import command lists it; What counts it, for a
	// page to say in its language.
	Done     string     `json:"done"`
	What     RepairDone `json:"what"`
	BeforeM2 float64    `json:"before_m2"`
	AfterM2  float64    `json:"after_m2"`
	// Forced says the repair changed the area by more than 1 % and was kept as asked.
	Forced bool `json:"forced"`
}
