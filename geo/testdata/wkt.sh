#!/usr/bin/env bash
# Writes wkt.tsv: the definitions PROJ gives of coordinate systems, as a shapefile's .prj
# (WKT1_ESRI), a GeoPackage's srs table (WKT1_GDAL) and WKT 2 would carry them, each also
# without its top-level EPSG code (stripped), so that the match by datum and parameters
# is tested too. Each line: the EPSG code, the form, the text. Run from this folder:
#
#   apt-get install -y proj-bin && ./wkt.sh > wkt.tsv
set -euo pipefail
echo "# projinfo $(projinfo 2>&1 | grep -o 'Rel\. [0-9.]*' | head -1)"
for code in 4326 4490 3857 4547 4526 4498 4509 32650 32749 2383 4214 2436 3395; do
  for form in WKT1_ESRI WKT1_GDAL WKT2_2019; do
    wkt=$(projinfo -o "$form" "EPSG:$code" -q --single-line)
    echo -e "$code\t$form\t$wkt"
    stripped=$(echo "$wkt" | sed -E 's/,(AUTHORITY\["EPSG","[0-9]+"\]|ID\["EPSG",[0-9]+\])\]$/]/')
    if [ "$stripped" != "$wkt" ]; then
      echo -e "$code\t$form-stripped\t$stripped"
    fi
  done
done
