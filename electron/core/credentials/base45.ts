// Base45 decoding (RFC 9285), as EU DCC QR codes carry their compressed COSE message. Written here rather than taken
// from @digitalbazaar/base45 (kept for encoding in the tests): that decoder reads a character beyond Latin-1 (a scan
// with a Chinese character in it) as the digit 0 instead of refusing it, so such a scan was refused a stage later, as
// a broken zlib stream (COMPRESSION), instead of as what it is (BASE45, naming the character). As fast as it.
import { pooledBytes } from './bytes';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
/** Each character code below 128 → its value, 255 where it is not in the alphabet. */
const VALUE = new Uint8Array(128).fill(255);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

export class Base45Error extends Error {}

/** A character's value; refuses one outside the alphabet (any code of 128 and above included). */
function valueAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  const v = c < 128 ? VALUE[c]! : 255;
  if (v === 255) throw new Base45Error(`character ${i + 1} is not Base45`);
  return v;
}

/**
 * The bytes of a Base45 text: each three characters c, d, e are c + 45·d + 45²·e, two bytes (at most 65,535); two
 * characters left at the end are one byte (at most 255); one left is no encoding at all. Throws Base45Error.
 */
export function base45Decode(text: string): Uint8Array {
  const groups = Math.floor(text.length / 3);
  const rest = text.length - groups * 3;
  if (rest === 1) throw new Base45Error('a length that leaves one character over');
  const out = pooledBytes(groups * 2 + (rest ? 1 : 0));
  for (let g = 0, i = 0, o = 0; g < groups; g++, i += 3, o += 2) {
    const n = valueAt(text, i) + valueAt(text, i + 1) * 45 + valueAt(text, i + 2) * 2025;
    if (n > 0xffff) throw new Base45Error(`characters ${i + 1}–${i + 3} make ${n}, over 65535`);
    out[o] = n >>> 8;
    out[o + 1] = n & 0xff;
  }
  if (rest) {
    const i = groups * 3;
    const n = valueAt(text, i) + valueAt(text, i + 1) * 45;
    if (n > 0xff) throw new Base45Error(`the last two characters make ${n}, over 255`);
    out[out.length - 1] = n;
  }
  return out;
}
