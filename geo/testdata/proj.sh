#!/usr/bin/env bash
# Writes proj.tsv: reference positions of the projections geo.CRS reads, computed by PROJ
# (Debian's proj-bin, cs2cs). Each line: EPSG code, easting, northing, and the longitude
# and latitude PROJ gives for them on the code's own geographic system (CGCS2000 for
# EPSG:4491–4554, WGS84 for the others). Run from this folder:
#
#   apt-get install -y proj-bin && ./proj.sh > proj.tsv
set -euo pipefail
echo "# cs2cs $(cs2cs 2>&1 | head -1 | sed 's/.*Rel\. //')"
echo -e "# epsg\teasting\tnorthing\tlon\tlat"
lats="18.5 25.3 31.7 39.9 47.2 53.1"
sample() { # code, geographic code, central meridian, half width, axis order (ne or en)
  local code=$1 geog=$2 lon0=$3 half=$4 order=$5
  for lat in $lats; do
    for f in -0.97 -0.4 0 0.6 0.99; do
      lon=$(awk -v a="$lon0" -v h="$half" -v f="$f" 'BEGIN { printf "%.6f", a + h * f }')
      out=$(echo "$lat $lon" | cs2cs -f %.6f "EPSG:$geog" "EPSG:$code" | awk '{ print $1, $2 }')
      if [ "$order" = ne ]; then
        read -r north east <<<"$out"
      else
        read -r east north <<<"$out"
      fi
      echo -e "$code\t$east\t$north\t$lon\t$lat"
    done
  done
}
# CGCS2000 Gauss-Krüger, 6-degree zones 13–23, with the zone in the easting and without.
for zone in 13 16 20 23; do
  sample $((4491 + zone - 13)) 4490 $((6 * zone - 3)) 3 ne
  sample $((4502 + zone - 13)) 4490 $((6 * zone - 3)) 3 ne
done
# CGCS2000 Gauss-Krüger, 3-degree zones 25–45, with the zone in the easting and without.
for zone in 25 32 38 39 40 45; do
  sample $((4513 + zone - 25)) 4490 $((3 * zone)) 1.5 ne
  sample $((4534 + zone - 25)) 4490 $((3 * zone)) 1.5 ne
done
# UTM zones 50N and 49S on WGS84, and Web Mercator.
sample 32650 4326 117 3 en
for lat in -8.5 -3.2; do echo "$lat 111.3" | cs2cs -f %.6f EPSG:4326 EPSG:32749 | awk -v lat="$lat" '{ printf "32749\t%s\t%s\t111.300000\t%s\n", $1, $2, lat }'; done
sample 3857 4326 116.4 10 en
