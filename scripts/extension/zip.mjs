// A minimal ZIP writer (deflate, no extras), enough for a browser-store upload
// of the extension folder. Entries get a fixed 1980-01-01 timestamp so the same
// files always give the same archive.

import { crc32, deflateRawSync } from 'node:zlib';

const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
const DOS_TIME = 0;

/** A little-endian buffer of the given u32 (4) and u16 (2) fields. */
function fields(...pairs) {
  const size = pairs.reduce((n, [bytes]) => n + bytes, 0);
  const buf = Buffer.alloc(size);
  let at = 0;
  for (const [bytes, value] of pairs) {
    if (bytes === 4) buf.writeUInt32LE(value >>> 0, at);
    else buf.writeUInt16LE(value, at);
    at += bytes;
  }
  return buf;
}

/**
 * The bytes of a ZIP archive holding `entries` ({name, data: Buffer}), in the
 * order given; names use '/' separators.
 * @param {{name: string, data: Buffer}[]} entries
 * @returns {Buffer}
 */
export function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const packed = deflateRawSync(data, { level: 9 });
    const crc = crc32(data);
    const common = [
      [2, 20], // version needed: 2.0
      [2, 0x0800], // flags: UTF-8 names
      [2, 8], // method: deflate
      [2, DOS_TIME],
      [2, DOS_DATE],
      [4, crc],
      [4, packed.length],
      [4, data.length],
      [2, nameBytes.length],
      [2, 0], // extra length
    ];
    const local = Buffer.concat([fields([4, 0x04034b50], ...common), nameBytes, packed]);
    centrals.push(
      Buffer.concat([
        fields([4, 0x02014b50], [2, 20], ...common, [2, 0], [2, 0], [2, 0], [4, 0], [4, offset]),
        nameBytes,
      ]),
    );
    locals.push(local);
    offset += local.length;
  }
  const central = Buffer.concat(centrals);
  const end = fields(
    [4, 0x06054b50],
    [2, 0],
    [2, 0],
    [2, entries.length],
    [2, entries.length],
    [4, central.length],
    [4, offset],
    [2, 0],
  );
  return Buffer.concat([...locals, central, end]);
}
