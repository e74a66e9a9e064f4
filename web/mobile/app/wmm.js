// World Magnetic Model evaluation: the magnetic declination at a place and day, to turn a
// phone compass's magnetic heading into the true bearing that registered azimuths use.
// The algorithm is the one of the WMM technical report: geodetic to geocentric
// coordinates, Schmidt semi-normalised associated Legendre functions, the field's
// spherical components rotated back to the geodetic frame, D = atan2(Y, X).

const WGS84_A = 6378.137; // km
const WGS84_F = 1 / 298.257223563;
const REFERENCE_RADIUS = 6371.2; // km, the model's

/** parseCOF reads a WMM.COF file: a header with the epoch, then n m g h gdot hdot rows. */
export function parseCOF(text) {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const epoch = Number(lines[0].split(/\s+/)[0]);
  if (!Number.isFinite(epoch)) throw new Error('wmm: no epoch in the header');
  let nMax = 0;
  const rows = [];
  for (const l of lines.slice(1)) {
    if (l.startsWith('9999')) break;
    const [n, m, g, h, gd, hd] = l.split(/\s+/).map(Number);
    if (![n, m, g, h, gd, hd].every(Number.isFinite)) throw new Error(`wmm: bad row ${l}`);
    rows.push({ n, m, g, h, gd, hd });
    nMax = Math.max(nMax, n);
  }
  return { epoch, nMax, rows };
}

/** decimalYear is the year with its fraction, as the model counts time. */
export function decimalYear(date) {
  const y = date.getUTCFullYear();
  const start = Date.UTC(y, 0, 1);
  const end = Date.UTC(y + 1, 0, 1);
  return y + (date.getTime() - start) / (end - start);
}

/**
 * declination returns the magnetic declination in degrees, east positive, at a WGS84
 * position (height in km above the ellipsoid) on a date. A compass heading plus the
 * declination is the true bearing.
 */
export function declination(model, lat, lon, date, heightKm = 0) {
  const { epoch, nMax, rows } = model;
  const dt = decimalYear(date) - epoch;
  const phi = (lat * Math.PI) / 180;
  const lambda = (lon * Math.PI) / 180;

  // Geodetic to geocentric spherical.
  const e2 = WGS84_F * (2 - WGS84_F);
  const sinPhi = Math.sin(phi);
  const rc = WGS84_A / Math.sqrt(1 - e2 * sinPhi * sinPhi);
  const p = (rc + heightKm) * Math.cos(phi);
  const z = (rc * (1 - e2) + heightKm) * sinPhi;
  const r = Math.hypot(p, z);
  const phiC = Math.asin(z / r);

  // Legendre functions of cos(colatitude) = sin(phiC), Gauss-normalised by recursion,
  // with their derivative by colatitude; the Schmidt factors go onto the coefficients.
  const ct = Math.sin(phiC);
  const st = Math.cos(phiC);
  const P = [];
  const dP = [];
  const S = [];
  for (let n = 0; n <= nMax; n++) {
    P.push(new Array(nMax + 1).fill(0));
    dP.push(new Array(nMax + 1).fill(0));
    S.push(new Array(nMax + 1).fill(0));
  }
  P[0][0] = 1;
  S[0][0] = 1;
  for (let n = 1; n <= nMax; n++) {
    S[n][0] = (S[n - 1][0] * (2 * n - 1)) / n;
    for (let m = 1; m <= n; m++) {
      S[n][m] = S[n][m - 1] * Math.sqrt(((n - m + 1) * (m === 1 ? 2 : 1)) / (n + m));
    }
    for (let m = 0; m <= n; m++) {
      if (m === n) {
        P[n][m] = st * P[n - 1][m - 1];
        dP[n][m] = st * dP[n - 1][m - 1] + ct * P[n - 1][m - 1];
      } else {
        const k = n >= 2 ? ((n - 1) * (n - 1) - m * m) / ((2 * n - 1) * (2 * n - 3)) : 0;
        const p2 = n >= 2 ? P[n - 2][m] : 0;
        const dp2 = n >= 2 ? dP[n - 2][m] : 0;
        P[n][m] = ct * P[n - 1][m] - k * p2;
        dP[n][m] = ct * dP[n - 1][m] - st * P[n - 1][m] - k * dp2;
      }
    }
  }

  let bTheta = 0; // southward
  let bPhi = 0; // eastward
  let bR = 0; // outward
  const ratio = REFERENCE_RADIUS / r;
  for (const { n, m, g, h, gd, hd } of rows) {
    const gt = (g + dt * gd) * S[n][m];
    const ht = (h + dt * hd) * S[n][m];
    const ar = Math.pow(ratio, n + 2);
    const cm = Math.cos(m * lambda);
    const sm = Math.sin(m * lambda);
    const t1 = gt * cm + ht * sm;
    const t2 = gt * sm - ht * cm;
    bTheta -= ar * t1 * dP[n][m];
    bPhi += ar * m * t2 * P[n][m];
    bR += ar * (n + 1) * t1 * P[n][m];
  }
  bPhi = st > 1e-10 ? bPhi / st : 0;

  // North and down in the spherical frame, rotated to the geodetic one.
  const xs = -bTheta;
  const zs = -bR;
  const psi = phiC - phi;
  const x = xs * Math.cos(psi) - zs * Math.sin(psi);
  const y = bPhi;
  return (Math.atan2(y, x) * 180) / Math.PI;
}

/** inValidity reports whether a date lies in the model's five years. */
export function inValidity(model, date) {
  const y = decimalYear(date);
  return y >= model.epoch && y < model.epoch + 5;
}
