// Small geometry for the map and the form: metres around a point in a local
// equirectangular frame (good to well under 1 % within a few kilometres).

const M_PER_DEG = 111320;

/** destination is the point d metres from (lon, lat) along bearing b degrees (true). */
export function destination(lon, lat, bearingDeg, d) {
  const b = (bearingDeg * Math.PI) / 180;
  const dLat = (d * Math.cos(b)) / M_PER_DEG;
  const dLon = (d * Math.sin(b)) / (M_PER_DEG * Math.cos((lat * Math.PI) / 180));
  return [lon + dLon, lat + dLat];
}

/**
 * sectorRing is a camera's registered footprint as a closed GeoJSON ring: the circular
 * sector of radius range from azimuth − hfov/2 to azimuth + hfov/2, a disc for 360.
 */
export function sectorRing(lon, lat, azimuthDeg, hfovDeg, rangeM, stepDeg = 5) {
  const ring = [];
  if (hfovDeg >= 360) {
    for (let a = 0; a < 360; a += stepDeg) ring.push(destination(lon, lat, a, rangeM));
    ring.push(ring[0]);
    return ring;
  }
  const from = azimuthDeg - hfovDeg / 2;
  const steps = Math.max(2, Math.ceil(hfovDeg / stepDeg));
  ring.push([lon, lat]);
  for (let i = 0; i <= steps; i++) ring.push(destination(lon, lat, from + (hfovDeg * i) / steps, rangeM));
  ring.push([lon, lat]);
  return ring;
}

/** distanceM is the distance between two points in metres (haversine). */
export function distanceM(lon1, lat1, lon2, lat2) {
  const r = 6371008.8;
  const p1 = (lat1 * Math.PI) / 180;
  const p2 = (lat2 * Math.PI) / 180;
  const dp = p2 - p1;
  const dl = ((lon2 - lon1) * Math.PI) / 180;
  const a = Math.sin(dp / 2) ** 2 + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) ** 2;
  return 2 * r * Math.asin(Math.sqrt(a));
}

/** normDeg puts an angle into [0, 360). */
export function normDeg(a) {
  const r = a % 360;
  return r < 0 ? r + 360 : r;
}

/** deviationDeg is measured − registered as a signed angle in (−180, 180]. */
export function deviationDeg(measured, registered) {
  const d = normDeg(measured - registered);
  return d > 180 ? d - 360 : d;
}

/** bearingDeg is the initial bearing from the first point to the second, degrees from true north in [0, 360). */
export function bearingDeg(lon1, lat1, lon2, lat2) {
  const p1 = (lat1 * Math.PI) / 180;
  const p2 = (lat2 * Math.PI) / 180;
  const dl = ((lon2 - lon1) * Math.PI) / 180;
  const y = Math.sin(dl) * Math.cos(p2);
  const x = Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl);
  return normDeg((Math.atan2(y, x) * 180) / Math.PI);
}
