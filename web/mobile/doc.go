// Package mobile serves the inspectors' phone app, a progressive web app, at /m/ from
// assets built with esbuild into dist/ and embedded in the binary, so that running the
// server needs neither Node nor the internet.
package mobile
