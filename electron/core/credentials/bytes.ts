// Byte helpers the decoders share. Pure: Uint8Array only (no Buffer), so they run in Node and Chromium alike.

declare const TextDecoder: { new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }): { decode(bytes: Uint8Array): string } };
declare const TextEncoder: { new (): { encode(text: string): Uint8Array; encodeInto(text: string, into: Uint8Array): { read: number; written: number } } };
declare function atob(s: string): string;

/** Strict UTF-8; a byte-order mark is kept (not silently dropped), so strict parsers can refuse it. */
// One decoder and one encoder for the process: decode() of a whole input keeps no state between calls, and building
// them per call was a measurable share of a scan's decode.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();
export const utf8 = (bytes: Uint8Array): string => strictUtf8.decode(bytes);
export const utf8Bytes = (text: string): Uint8Array => encoder.encode(text);
/** `text` as UTF-8 into `into`, as far as it fits: the characters read and the bytes written. */
export const utf8Into = (text: string, into: Uint8Array): { read: number; written: number } => encoder.encodeInto(text, into);

/**
 * The UTF-8 bytes of `text`, in a buffer reused between calls: valid until the next call. One native call, where
 * `charCodeAt` over a slice of a scan's text cost ~3 ns a character (the bench's numeric stage for a SMART card's
 * 1,500 digits: 4.4 → 2.7 µs). Texts over 64 KiB (no QR code holds one) get bytes of their own.
 */
export function scratchUtf8(text: string): Uint8Array {
  if (text.length * 3 > SCRATCH_UTF8_MAX) return encoder.encode(text);
  if (text.length * 3 > scratchText.length) scratchText = new Uint8Array(text.length * 3);
  return scratchText.subarray(0, encoder.encodeInto(text, scratchText).written);
}

const SCRATCH_UTF8_MAX = 64 * 1024;
let scratchText = new Uint8Array(4096);

/**
 * A decoder's working bytes: `n` zeroed bytes cut from a shared 16 KiB pool, as Node's Buffer pool does. A typed array
 * of more than 64 bytes gets a buffer of its own outside the JavaScript heap, which cost 2.5 µs for 768 bytes on the
 * 2-core bench machine (a view on a pool: 0.02 µs) — and a card's decode made three to five of them. Only for bytes
 * that stay inside a decode: a view's `.buffer` is the whole pool (other cards' bytes), and a structured clone
 * (IPC, a worker's message) copies all of it, so pooled bytes never go into a result. Over 4 KiB: a buffer of its
 * own. Pools are never reused: a full one is left to the garbage collector once nothing views it.
 */
export function pooledBytes(n: number): Uint8Array {
  if (n > POOL_BYTES / 4) return new Uint8Array(n);
  if (poolUsed + n > POOL_BYTES) {
    pool = new ArrayBuffer(POOL_BYTES);
    poolUsed = 0;
  }
  const out = new Uint8Array(pool, poolUsed, n);
  poolUsed = (poolUsed + n + 7) & ~7;
  return out;
}

const POOL_BYTES = 16 * 1024;
let pool = new ArrayBuffer(POOL_BYTES);
let poolUsed = 0;

export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Each 12-bit number as its two base64 characters. */
const BASE64_PAIRS = Array.from({ length: 4096 }, (_, v) => BASE64_ALPHABET[v >>> 6]! + BASE64_ALPHABET[v & 63]!);

/**
 * Base64 (RFC 4648 §4, padded), three bytes to four characters through a table of character pairs: a certificate's
 * key id is looked up by it on every EU DCC check, where a string of bytes through `btoa` cost about half a
 * microsecond in Node.
 */
export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (const whole = bytes.length - (bytes.length % 3); i < whole; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += BASE64_PAIRS[v >>> 12]! + BASE64_PAIRS[v & 0xfff]!;
  }
  if (bytes.length - i === 1) {
    const v = bytes[i]! << 4;
    out += `${BASE64_PAIRS[v]!}==`;
  } else if (bytes.length - i === 2) {
    const v = (bytes[i]! << 10) | (bytes[i + 1]! << 2);
    out += `${BASE64_PAIRS[v >>> 6]!}${BASE64_ALPHABET[v & 63]!}=`;
  }
  return out;
}

const BASE64URL_VALUE = new Int8Array(256).fill(-1);
[...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'].forEach((c, i) => (BASE64URL_VALUE[c.charCodeAt(0)] = i));

/**
 * Strict base64url (RFC 4648 §5, no padding) of `text[start, end)`, a string or its ASCII bytes (a SMART card's
 * JWS comes from the numeric QR as bytes: no string is built for it); throws on any other character.
 */
export function base64UrlToBytes(text: string | Uint8Array, start = 0, end = text.length): Uint8Array {
  // A string is read as its bytes (one native call); a character beyond ASCII changes its length there and is refused.
  const bytes = typeof text === 'string' ? scratchUtf8(text) : text;
  if (bytes.length !== text.length) throw new Error('not base64url');
  const n = end - start;
  if (n < 0 || n % 4 === 1) throw new Error('not base64url');
  const out = pooledBytes(Math.floor((n * 3) / 4));
  const V = BASE64URL_VALUE;
  let o = 0;
  let i = start;
  // Four characters, three bytes at a time; any character outside the alphabet has the value -1, so the OR of the
  // four is negative.
  for (const whole = start + (n & ~3); i < whole; i += 4) {
    const a = V[bytes[i]!]!;
    const b = V[bytes[i + 1]!]!;
    const c = V[bytes[i + 2]!]!;
    const d = V[bytes[i + 3]!]!;
    if ((a | b | c | d) < 0) throw new Error('not base64url');
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = v >> 16;
    out[o++] = (v >> 8) & 0xff;
    out[o++] = v & 0xff;
  }
  if (i < end) {
    // Two characters left are one byte, three are two (the bits left over are not read, as before).
    const a = V[bytes[i]!]!;
    const b = V[bytes[i + 1]!]!;
    const c = end - i === 3 ? V[bytes[i + 2]!]! : 0;
    if ((a | b | c) < 0) throw new Error('not base64url');
    out[o++] = (a << 2) | (b >> 4);
    if (end - i === 3) out[o++] = ((b << 4) | (c >> 2)) & 0xff;
  }
  return out;
}

export function bytesToBase64Url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Whether `bytes[0, end)` are exactly `other` (read in place: no view is made of the range). */
export function equalBytes(bytes: Uint8Array, end: number, other: Uint8Array): boolean {
  if (end !== other.length || end > bytes.length) return false;
  for (let i = 0; i < end; i++) if (bytes[i] !== other[i]) return false;
  return true;
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
