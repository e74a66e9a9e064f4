#!/usr/bin/env bash
# Projects cameras.wgs84.geojson (three cameras: Beijing, Shenzhen, Zhuzhou) into the
# systems the GeoJSON reader is tested on, with GDAL (Debian's gdal-bin, ogr2ogr 3.6):
# each output carries GDAL's crs member; *.nocrs.geojson are the same without it.
#
#   apt-get install -y gdal-bin && ./make.sh
set -euo pipefail
for code in 4547 4526 3857; do
  rm -f "cameras.$code.geojson"
  ogr2ogr -f GeoJSON -s_srs EPSG:4326 -t_srs "EPSG:$code" -lco COORDINATE_PRECISION=4 \
    -lco RFC7946=NO "cameras.$code.geojson" cameras.wgs84.geojson
done
python3 - <<'PY'
import json
d = json.load(open("cameras.4547.geojson"))
del d["crs"]
json.dump(d, open("cameras.4547.nocrs.geojson", "w"), ensure_ascii=False)
PY
