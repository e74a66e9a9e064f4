// Package devicecode reads GB/T 28181 device codes, the 20-digit identifiers every device,
// platform and user of a public video surveillance network carries (Appendix E of GB/T
// 28181-2016 and -2022, coding rule A): the centre code (the GB/T 2260 administrative
// division where the device's monitoring centre lies, and the grassroots unit), the
// industry, the device type, the network and the serial. Parse checks each part and names
// the one at fault; a Code names its type, industry and network in Chinese and English and
// gives the district its division code places it in, so that an importer can fill a
// camera's district from its code and list a camera whose code and position disagree.
//
// The GB/T 2260 division table is embedded (divisions.tsv, made by divisions.sh from a
// published copy of the National Bureau of Statistics' codes; see NOTICE).
//
// It imports only the standard library and internal/fault; it does no I/O, and must not
// import a store or a file format: the camera importers and the filing registry use it.
package devicecode

//go:generate sh -c "./divisions.sh > divisions.tsv"
