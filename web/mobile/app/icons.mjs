// Draws the app's PNG icons (a camera's footprint, white on blue) into static/icons/.
// Run once with `node app/icons.mjs`; the PNGs are committed.
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

function crc32(buf) {
  let c;
  const table = [];
  for (let n = 0; n < 256; n++) {
    c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  let crc = 0xffffffff;
  for (const b of buf) crc = table[(crc ^ b) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      // 4×4 supersampling for smooth edges.
      let acc = [0, 0, 0, 0];
      for (let sy = 0; sy < 4; sy++) for (let sx = 0; sx < 4; sx++) {
        const p = pixel((x + (sx + 0.5) / 4) / size, (y + (sy + 0.5) / 4) / size);
        acc = acc.map((v, i) => v + p[i]);
      }
      const o = y * (size * 4 + 1) + 1 + x * 4;
      for (let i = 0; i < 4; i++) raw[o + i] = Math.round(acc[i] / 16);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

const BLUE = [11, 61, 145, 255];
const WHITE = [255, 255, 255, 255];
const RED = [214, 40, 40, 255];
const CLEAR = [0, 0, 0, 0];

// scale < 1 keeps the drawing inside the maskable safe zone.
function drawer({ rounded, scale }) {
  return (u, v) => {
    if (rounded) {
      const r = 0.18;
      const dx = Math.max(r - u, 0, u - (1 - r));
      const dy = Math.max(r - v, 0, v - (1 - r));
      if (dx * dx + dy * dy > r * r) return CLEAR;
    }
    const x = (u - 0.5) / scale;
    const y = (v - 0.5) / scale;
    // The camera sits low left; its footprint opens up and to the right.
    const cx = -0.26;
    const cy = 0.26;
    const dx = x - cx;
    const dy = y - cy;
    const d = Math.hypot(dx, dy);
    const bearing = (Math.atan2(dx, -dy) * 180) / Math.PI; // clockwise from up
    if (d < 0.085) return RED;
    if (d < 0.62 && d > 0.13 && bearing > 12 && bearing < 78) return WHITE;
    if (Math.abs(d - 0.62) < 0.035 && bearing > 12 && bearing < 78) return WHITE;
    return BLUE;
  };
}

const out = new URL('./static/icons/', import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL('icon-192.png', out), png(192, drawer({ rounded: true, scale: 1 })));
writeFileSync(new URL('icon-512.png', out), png(512, drawer({ rounded: true, scale: 1 })));
writeFileSync(new URL('icon-maskable-512.png', out), png(512, drawer({ rounded: false, scale: 0.72 })));
writeFileSync(new URL('apple-touch-icon.png', out), png(180, drawer({ rounded: false, scale: 0.9 })));
