// Package audit is the hash-chained audit log that holds the product's evidence together:
// its entries (who did what to which object, with the digest of what it wrote or read),
// the canonical encoding every digest of the product is computed over, sealing an entry
// onto the chain, and verifying a chain whole or against a head recorded elsewhere. The
// inspections and the plans build their entries; the stores seal them in the transaction
// that makes the change.
//
// It imports only the standard library.
package audit
