// Package data is the storage boundary: the embedded rulebook files, and the loaders that
// turn files into the domain's values.
package data
