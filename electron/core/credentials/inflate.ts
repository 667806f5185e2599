// Decompression with an output cap: a QR code holds at most ~3 KB, so anything that inflates past the cap is an
// attack or garbage. Input is fed in small pieces so that no single step can produce much more than the cap
// (DEFLATE expands at most ~1032:1), and decoding stops as soon as the cap is passed: the output is never allocated.
import { Inflate, Unzlib } from 'fflate';
import { concatBytes } from './bytes';

export const MAX_INFLATED_BYTES = 64 * 1024;
const STEP = 32;

export class InflateLimitError extends Error {}

function run(engine: Inflate | Unzlib, input: Uint8Array, cap: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let done = false;
  engine.ondata = (chunk, final) => {
    total += chunk.length;
    if (total > cap) throw new InflateLimitError(`inflated output exceeds ${cap} bytes`);
    chunks.push(chunk);
    if (final) done = true;
  };
  for (let i = 0; i < input.length; i += STEP) {
    const end = Math.min(i + STEP, input.length);
    engine.push(input.subarray(i, end), end === input.length);
  }
  if (input.length === 0) engine.push(new Uint8Array(0), true);
  if (!done) throw new Error('compressed data ends early');
  return concatBytes(chunks);
}

/** zlib (RFC 1950) as in EU DCC. Throws on corrupt data, InflateLimitError past the cap. */
export function inflateZlib(input: Uint8Array, cap = MAX_INFLATED_BYTES): Uint8Array {
  return run(new Unzlib(), input, cap);
}

/** Raw DEFLATE (RFC 1951) as in SMART Health Cards (`zip: "DEF"`). */
export function inflateRaw(input: Uint8Array, cap = MAX_INFLATED_BYTES): Uint8Array {
  return run(new Inflate(), input, cap);
}
