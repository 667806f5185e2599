// Decompression with an output cap: a QR code holds at most ~3 KB, so anything that inflates past the cap is an
// attack or garbage. The output buffer is allocated once at cap + 1 bytes and fflate writes nothing beyond it, so a
// bomb costs CPU in proportion to its (QR-sized) input, never memory; a full buffer means "too large", refused.
import { inflateSync, unzlibSync } from 'fflate';

export const MAX_INFLATED_BYTES = 64 * 1024;

export class InflateLimitError extends Error {}

function capped(run: (out: Uint8Array) => Uint8Array, inputLength: number, cap: number): Uint8Array {
  // QR payloads inflate to under 4× their size (SMART JSON ~2×, DCC CBOR ~1×): try a buffer that size first, and only
  // when it fills up (fflate stops writing at its end) run again with the full cap + 1. A buffer far larger than the
  // output is not free: fflate's time on a 400-byte card grew by a quarter with a 4 KiB one (measured).
  const first = Math.min(cap + 1, Math.max(1024, inputLength * 4));
  let out = run(new Uint8Array(first));
  if (out.length === first && first <= cap) out = run(new Uint8Array(cap + 1));
  if (out.length > cap) throw new InflateLimitError(`inflated output exceeds ${cap} bytes`);
  return out;
}

/** zlib (RFC 1950) as in EU DCC. Throws on corrupt data, InflateLimitError past the cap. */
export function inflateZlib(input: Uint8Array, cap = MAX_INFLATED_BYTES): Uint8Array {
  return capped((out) => unzlibSync(input, { out }), input.length, cap);
}

/** Raw DEFLATE (RFC 1951) as in SMART Health Cards (`zip: "DEF"`). */
export function inflateRaw(input: Uint8Array, cap = MAX_INFLATED_BYTES): Uint8Array {
  return capped((out) => inflateSync(input, { out }), input.length, cap);
}
