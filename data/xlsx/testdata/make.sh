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

# Two registries GDAL (Debian's gdal-bin, ogr2ogr 3.6) writes from the cameras the
# shapefiles of data/shp/testdata were made from: longitude and latitude under Chinese
# headers, and X/Y in the CGCS2000 3-degree Gauss-Krüger zone of EPSG:4547, which a sheet
# cannot declare (import it with --crs epsg:4547).
cols='"设备编码", "点位名称", "镜头朝向", "视角", "监控距离", "安装高度", "建设单位", "投资性质", "所属辖区"'
rm -f cameras.gdal.xlsx cameras.gdal.4547.xlsx
ogr2ogr -f XLSX cameras.gdal.xlsx ../../shp/testdata/cameras.wgs84.geojson -dialect sqlite \
  -sql "SELECT $cols, ST_X(geometry) AS \"经度\", ST_Y(geometry) AS \"纬度\" FROM \"cameras.wgs84\"" -nln 摄像机台账
tmp=$(mktemp -d)
ogr2ogr -f GPKG "$tmp/c.gpkg" ../../shp/testdata/cameras.wgs84.geojson -t_srs EPSG:4547 -nln c
ogr2ogr -f XLSX cameras.gdal.4547.xlsx "$tmp/c.gpkg" -dialect sqlite \
  -sql "SELECT $cols, ST_X(geom) AS \"X坐标\", ST_Y(geom) AS \"Y坐标\" FROM c" -nln 摄像机台账
rm -r "$tmp"
