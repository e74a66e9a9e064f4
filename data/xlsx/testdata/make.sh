#!/usr/bin/env bash
# Writes registry.xlsx and registry.wgs84.geojson (see gen/main.go) from the cameras in
# gen/main.go; the Gauss-Krüger positions of the XY坐标 sheet are PROJ's (Debian's
# proj-bin, cs2cs 9.1), which prints EPSG:4547's northing first, as EPSG orders its axes:
#
#   apt-get install -y proj-bin && ./make.sh
set -euo pipefail
cd "$(dirname "$0")"
go run ./gen -latlon | cs2cs -f %.4f EPSG:4490 EPSG:4547 > xy4547.txt
go run ./gen -xy xy4547.txt
