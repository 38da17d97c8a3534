// The extension's toolbar icon, drawn in code and encoded as PNG so the repo
// holds no binary files: a teal rounded square with three lines of "text", the
// middle one marked with a yellow highlighter stroke.

import { crc32, deflateSync } from 'node:zlib';

const TEAL = [22, 94, 88];
const WHITE = [255, 255, 255];
const YELLOW = [255, 200, 40];
/** Samples per pixel side, for anti-aliased edges. */
const SS = 4;

/** The colour at point (x, y) of the unit square, or null for transparent. */
function colourAt(x, y) {
  const r = 0.2; // corner radius
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return null;
  if (y > 0.42 && y < 0.62 && x > 0.14 && x < 0.86) {
    return x > 0.22 && x < 0.78 && y > 0.48 && y < 0.56 ? TEAL : YELLOW;
  }
  const line = (y > 0.22 && y < 0.3) || (y > 0.72 && y < 0.8);
  if (line && x > 0.22 && x < 0.78) return WHITE;
  return TEAL;
}

/** One PNG chunk: length, type, data, CRC of type and data. */
function chunk(type, data) {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([head, body, crc]);
}

/**
 * The icon as a `size`×`size` RGBA PNG.
 * @param {number} size
 * @returns {Buffer}
 */
export function iconPng(size) {
  const rows = [];
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + size * 4); // filter byte 0, then RGBA
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const c = colourAt((px + (sx + 0.5) / SS) / size, (py + (sy + 0.5) / SS) / size);
          if (!c) continue;
          sum[0] += c[0];
          sum[1] += c[1];
          sum[2] += c[2];
          sum[3] += 1;
        }
      }
      const at = 1 + px * 4;
      if (sum[3] > 0) {
        row[at] = Math.round(sum[0] / sum[3]);
        row[at + 1] = Math.round(sum[1] / sum[3]);
        row[at + 2] = Math.round(sum[2] / sum[3]);
        row[at + 3] = Math.round((255 * sum[3]) / (SS * SS));
      }
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
