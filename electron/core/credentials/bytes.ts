// Byte helpers the decoders share. Pure: Uint8Array only (no Buffer), so they run in Node and Chromium alike.

declare const TextDecoder: { new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }): { decode(bytes: Uint8Array): string } };
declare const TextEncoder: { new (): { encode(text: string): Uint8Array } };
declare function atob(s: string): string;
declare function btoa(s: string): string;

/** Strict UTF-8; a byte-order mark is kept (not silently dropped), so strict parsers can refuse it. */
// One decoder and one encoder for the process: decode() of a whole input keeps no state between calls, and building
// them per call was a measurable share of a scan's decode.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();
export const utf8 = (bytes: Uint8Array): string => strictUtf8.decode(bytes);
export const utf8Bytes = (text: string): Uint8Array => encoder.encode(text);

export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

const BASE64URL_VALUE = new Int8Array(256).fill(-1);
[...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'].forEach((c, i) => (BASE64URL_VALUE[c.charCodeAt(0)] = i));

/**
 * Strict base64url (RFC 4648 §5, no padding) of `text[start, end)`, a string or its ASCII bytes (a SMART card's
 * JWS comes from the numeric QR as bytes: no string is built for it); throws on any other character.
 */
export function base64UrlToBytes(text: string | Uint8Array, start = 0, end = text.length): Uint8Array {
  const n = end - start;
  if (n < 0 || n % 4 === 1) throw new Error('not base64url');
  const out = new Uint8Array(Math.floor((n * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = start; i < end; i++) {
    const code = typeof text === 'string' ? text.charCodeAt(i) : text[i]!;
    const v = code < 256 ? BASE64URL_VALUE[code]! : -1;
    if (v < 0) throw new Error('not base64url');
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

export function bytesToBase64Url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
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
