// Decompression of QR-sized input (RFC 1951 DEFLATE, RFC 1950 zlib) with an output cap: a QR code holds at most
// ~3 KB, so anything that inflates past the cap is an attack or garbage, refused as soon as the output would pass it
// (the output buffer grows by doubling up to the cap, never beyond), so a bomb costs CPU in proportion to its
// QR-sized input, never memory.
//
// Our own decoder, not fflate's: fflate builds, for each Huffman code of a dynamic block, a lookup table of
// 2^(its longest code) entries, and a result buffer of its own per call (a typed array over 64 bytes costs an
// allocation outside the JavaScript heap: 2.5 µs for 768 bytes here). Here codes of up to 9 bits are looked up in a
// table of at most 512 entries, built in one pass over the symbols, longer ones (rare) are decoded canonically bit by
// bit (as zlib's `puff` does), and the result is copied into pooled bytes. A SMART card's 426-byte stream: 10.0 →
// 6.3 µs (fflate → this, one microbenchmark; the bench's inflate stage 9.6 → 6.9 µs); then, reading a padded copy of
// the input and counting a dynamic block's code lengths as they are read, 6.9 → 5.5 µs (in-process A/B); then, reading
// 32 bits at a time and taking from one read every code (literal, code length) and extra bits that lie wholly within
// it, where each was a read of its own: about 9 % less again (in-process A/B on the bench's card and the spec's examples,
// ratio 0.89–0.93).
//
// What it accepts and refuses is zlib's (the reference the tests compare it with on random and corrupted streams): an
// over-subscribed code, an incomplete one (but for a single code of length 1), a repeat with nothing to repeat, a
// block with no end code, a distance before the start, a stored length that disagrees with its complement, and input
// that ends before the last block does are all errors. The zlib wrapper's header and Adler-32 checksum are checked.

import { pooledBytes, utf8 } from './bytes';

export const MAX_INFLATED_BYTES = 64 * 1024;

export class InflateLimitError extends Error {}

const MAX_BITS = 15;
const FAST_BITS = 9;

const LENGTH_BASE = Uint16Array.of(3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258);
const LENGTH_EXTRA = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0);
const DIST_BASE = Uint16Array.of(1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577);
const DIST_EXTRA = Uint8Array.of(0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13);
/** The order in which a dynamic block lists the code lengths of its code-length code. */
const CODE_LENGTH_ORDER = Uint8Array.of(16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15);

/**
 * A canonical Huffman code: `count[len]` codes of each length and the symbols in canonical order (for the bit-by-bit
 * path), and `fast`, indexed by the next `bits` input bits, holding `symbol << 4 | length` for codes of up to `bits`
 * bits and 0 where a longer code (or none) begins.
 */
interface Code {
  count: Uint16Array;
  symbol: Uint16Array;
  fast: Int32Array;
  bits: number;
  mask: number;
}

function newCode(symbols: number): Code {
  return { count: new Uint16Array(MAX_BITS + 1), symbol: new Uint16Array(symbols), fast: new Int32Array(1 << FAST_BITS), bits: 0, mask: 0 };
}

type CodeKind = 'code-lengths' | 'literal/length' | 'distance';

const offsets = new Uint16Array(MAX_BITS + 2);
const nextCode = new Uint16Array(MAX_BITS + 1);
/** Each 9-bit number with its bits reversed (DEFLATE sends Huffman codes most significant bit first). */
const REVERSED = new Uint16Array(1 << FAST_BITS);
for (let i = 0; i < 1 << FAST_BITS; i++) {
  for (let b = 0; b < FAST_BITS; b++) REVERSED[i] = REVERSED[i]! | (((i >>> b) & 1) << (FAST_BITS - 1 - b));
}

/**
 * Builds `code` from the lengths `lengths[start .. start + n)` (0 = symbol unused), refusing what zlib refuses.
 * `counted`: how many symbols have each length, when the caller counted them as it read the lengths.
 */
function buildCode(code: Code, lengths: Uint8Array, start: number, n: number, kind: CodeKind, counted?: Uint16Array): void {
  const count = code.count;
  if (counted) count.set(counted);
  else {
    count.fill(0);
    for (let i = 0; i < n; i++) count[lengths[start + i]!]!++;
  }
  count[0] = 0;
  let max = MAX_BITS;
  while (max > 0 && count[max] === 0) max--;
  let left = 1;
  for (let len = 1; len <= MAX_BITS; len++) {
    left = (left << 1) - count[len]!;
    if (left < 0) throw new Error(`over-subscribed ${kind} code`);
  }
  // An incomplete code is refused (zlib allows a lone code of length 1, for a block that uses one distance or none).
  if (max > 0 && left > 0 && (kind === 'code-lengths' || max !== 1)) throw new Error(`incomplete ${kind} code`);
  // No symbols at all (a block with literals only has no distance code): every lookup falls to the slow path, which
  // finds nothing and fails, as zlib fails on such a code's use.
  const bits = Math.max(1, Math.min(FAST_BITS, max));
  const size = 1 << bits;
  const fast = code.fast;
  // A complete code that fits the table writes every entry below; otherwise the entries it leaves must read 0.
  if (left > 0 || max > bits) fast.fill(0, 0, size);
  // Each symbol's canonical code (RFC 1951 §3.2.2), in one pass over the symbols.
  nextCode[1] = 0;
  for (let len = 2; len <= MAX_BITS; len++) nextCode[len] = (nextCode[len - 1]! + count[len - 1]!) << 1;
  for (let i = 0; i < n; i++) {
    const len = lengths[start + i]!;
    if (len === 0 || len > bits) continue;
    const reversed = REVERSED[nextCode[len]!++]! >>> (FAST_BITS - len);
    const entry = (i << 4) | len;
    for (let j = reversed; j < size; j += 1 << len) fast[j] = entry;
  }
  // The symbols in canonical order, for codes longer than the table (only they reach the bit-by-bit path's lookup).
  if (max > bits) {
    offsets[1] = 0;
    for (let len = 1; len < MAX_BITS; len++) offsets[len + 1] = offsets[len]! + count[len]!;
    for (let i = 0; i < n; i++) {
      const len = lengths[start + i]!;
      if (len !== 0) code.symbol[offsets[len]!++] = i;
    }
  }
  code.bits = bits;
  code.mask = size - 1;
}

const FIXED_LITERALS = newCode(288);
const FIXED_DISTANCES = newCode(32);
{
  const lengths = new Uint8Array(288);
  lengths.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288);
  buildCode(FIXED_LITERALS, lengths, 0, 288, 'literal/length');
  buildCode(FIXED_DISTANCES, new Uint8Array(32).fill(5), 0, 32, 'distance');
}
// A dynamic block's codes, rebuilt in place for each block (the decoder is synchronous, so one set is enough).
const codeLengthCode = newCode(19);
const literalCode = newCode(288);
const distanceCode = newCode(32);
const dynamicLengths = new Uint8Array(286 + 30);
const allCounts = new Uint16Array(MAX_BITS + 1);
const distanceCounts = new Uint16Array(MAX_BITS + 1);
const codeLengthLengths = new Uint8Array(19);

/**
 * The decoder's state. Bits are read 24 at a time (17 or more of them valid: enough for any one code, or any extra
 * bits) or, in the loops over a block's codes and a dynamic block's code lengths, 32 at a time (25 or more valid),
 * from a copy of the input followed by zero bytes (padded), and every consumption is checked against `end` (in bits)
 * before its result is used, so input that ends early fails as it must. Output goes to one buffer reused between calls (the
 * decoder is synchronous) and is copied out at the end, into pooled bytes (bytes.ts: pooledBytes).
 */
interface State {
  data: Uint8Array;
  pos: number;
  end: number;
  cap: number;
  o: number;
}

let scratch: Uint8Array = new Uint8Array(4096);

const EOF = 'unexpected end of data';

function peek(s: State): number {
  const d = s.data;
  const i = s.pos >>> 3;
  return (d[i]! | (d[i + 1]! << 8) | (d[i + 2]! << 16)) >> (s.pos & 7);
}

function bits(s: State, n: number): number {
  const v = peek(s) & ((1 << n) - 1);
  s.pos += n;
  if (s.pos > s.end) throw new Error(EOF);
  return v;
}

/** A code longer than the lookup table (or no code at all): canonical decoding, one bit at a time (puff's `decode`). */
function longSymbol(s: State, code: Code, ahead: number): number {
  let canonical = 0;
  let first = 0;
  let index = 0;
  for (let len = 1; len <= MAX_BITS; len++) {
    canonical |= (ahead >>> (len - 1)) & 1;
    const count = code.count[len]!;
    if (canonical - count < first) {
      s.pos += len;
      if (s.pos > s.end) throw new Error(EOF);
      return code.symbol[index + canonical - first]!;
    }
    index += count;
    first = (first + count) << 1;
    canonical <<= 1;
  }
  throw new Error('invalid Huffman code');
}

/** Makes room for output up to `need` bytes, or throws InflateLimitError past the cap. */
function room(s: State, need: number): Uint8Array {
  if (need > s.cap) throw new InflateLimitError(`inflated output exceeds ${s.cap} bytes`);
  if (need <= scratch.length) return scratch;
  const grown = new Uint8Array(Math.min(s.cap, Math.max(need, scratch.length * 2)));
  grown.set(scratch.subarray(0, s.o));
  scratch = grown;
  return grown;
}

function stored(s: State): void {
  s.pos = (s.pos + 7) & ~7;
  const i = s.pos >>> 3;
  if (s.pos + 32 > s.end) throw new Error(EOF);
  const d = s.data;
  const len = d[i]! | (d[i + 1]! << 8);
  const nlen = d[i + 2]! | (d[i + 3]! << 8);
  if ((len ^ 0xffff) !== nlen) throw new Error('invalid stored block lengths');
  s.pos += 32 + len * 8;
  if (s.pos > s.end) throw new Error(EOF);
  room(s, s.o + len).set(d.subarray(i + 4, i + 4 + len), s.o);
  s.o += len;
}

function dynamic(s: State): void {
  const nlen = bits(s, 5) + 257;
  const ndist = bits(s, 5) + 1;
  const ncode = bits(s, 4) + 4;
  if (nlen > 286 || ndist > 30) throw new Error('too many length or distance symbols');
  codeLengthLengths.fill(0);
  for (let i = 0; i < ncode; i++) codeLengthLengths[CODE_LENGTH_ORDER[i]!] = bits(s, 3);
  buildCode(codeLengthCode, codeLengthLengths, 0, 19, 'code-lengths');
  const total = nlen + ndist;
  const lengths = dynamicLengths;
  // The lengths, read on local copies of the state (the code-length code is complete and at most 7 bits long, so
  // its table holds every code), counted by length as they are read: a run of zeros is one addition, where counting
  // them afterwards was a loop over every symbol of both codes.
  const all = allCounts;
  all.fill(0);
  const d = s.data;
  const end = s.end;
  const clFast = codeLengthCode.fast;
  const clMask = codeLengthCode.mask;
  let pos = s.pos;
  let n = 0;
  while (n < total) {
    const i = pos >>> 3;
    // 32 bits ahead (at least 25 valid): the symbols that lie wholly within them are read from this one read (a
    // lookup past them sees zeros, so a symbol counts only if it and its extra bits fit in the valid bits left).
    let ahead = (d[i]! | (d[i + 1]! << 8) | (d[i + 2]! << 16) | (d[i + 3]! << 24)) >>> (pos & 7);
    let valid = 32 - (pos & 7);
    for (;;) {
      const entry = clFast[ahead & clMask]!;
      if (entry === 0) throw new Error('invalid code lengths set'); // only a code with no lengths at all has no entry
      const len = entry & 15;
      const sym = entry >>> 4;
      if (sym < 16) {
        if (len > valid) break;
        pos += len;
        if (pos > end) throw new Error(EOF);
        ahead >>>= len;
        valid -= len;
        lengths[n++] = sym;
        all[sym]!++;
      } else {
        const extra = sym === 16 ? 2 : sym === 17 ? 3 : 7;
        if (len + extra > valid) break;
        ahead >>>= len;
        let repeat: number;
        let value = 0;
        if (sym === 16) {
          if (n === 0) throw new Error('invalid bit length repeat');
          value = lengths[n - 1]!;
          repeat = 3 + (ahead & 3);
        } else if (sym === 17) {
          repeat = 3 + (ahead & 7);
        } else {
          repeat = 11 + (ahead & 127);
        }
        pos += len + extra;
        if (pos > end) throw new Error(EOF);
        ahead >>>= extra;
        valid -= len + extra;
        if (n + repeat > total) throw new Error('invalid bit length repeat');
        lengths.fill(value, n, n + repeat);
        all[value] = all[value]! + repeat;
        n += repeat;
      }
      if (n >= total) break;
    }
  }
  s.pos = pos;
  if (lengths[256] === 0) throw new Error('invalid code -- missing end-of-block');
  // The distance code's lengths (at most 30) counted apart; the literal/length code's are the rest.
  const dist = distanceCounts;
  dist.fill(0);
  for (let k = nlen; k < total; k++) dist[lengths[k]!]!++;
  for (let len = 0; len <= MAX_BITS; len++) all[len] = all[len]! - dist[len]!;
  buildCode(literalCode, lengths, 0, nlen, 'literal/length', all);
  buildCode(distanceCode, lengths, nlen, ndist, 'distance', dist);
  codes(s, literalCode, distanceCode);
}

/**
 * A block's Huffman-coded data, up to its end code: the hot loop, on local copies of the state. It reads the bits
 * ahead in place, four times, rather than through a `peek`-like helper: one measured 3 % slower here.
 */
function codes(s: State, literals: Code, distances: Code): void {
  const d = s.data;
  const end = s.end;
  const litFast = literals.fast;
  const litMask = literals.mask;
  let pos = s.pos;
  let o = s.o;
  let out = scratch;
  // Output up to `limit` needs no check; past it, `room` refuses beyond the cap or grows the buffer.
  let limit = Math.min(out.length, s.cap);
  for (;;) {
    let i = pos >>> 3;
    // 32 bits ahead, at least 25 of them valid.
    let ahead = (d[i]! | (d[i + 1]! << 8) | (d[i + 2]! << 16) | (d[i + 3]! << 24)) >>> (pos & 7);
    // Valid bits left in `ahead`.
    let valid = 32 - (pos & 7);
    let entry = litFast[ahead & litMask]!;
    let sym: number;
    if (entry !== 0) {
      pos += entry & 15;
      valid -= entry & 15;
      sym = entry >>> 4;
      // The bits after the code (at least 16 left: a code from the table is at most 9 bits), for a length's extra
      // bits (at most 5) or, after a literal, the next code.
      ahead >>>= entry & 15;
      if (sym < 256) {
        // Literals, as long as the next code is a literal's and lies wholly within the bits read (a lookup past
        // them sees zeros, so its entry counts only if its code is no longer than the valid bits left).
        for (;;) {
          if (pos > end) throw new Error(EOF);
          if (o >= limit) {
            s.o = o;
            out = room(s, o + 1);
            limit = Math.min(out.length, s.cap);
          }
          out[o++] = sym;
          entry = litFast[ahead & litMask]!;
          if (entry === 0 || (entry & 15) > valid || entry >>> 4 >= 256) break;
          pos += entry & 15;
          valid -= entry & 15;
          ahead >>>= entry & 15;
          sym = entry >>> 4;
        }
        continue;
      }
    } else {
      s.pos = pos;
      sym = longSymbol(s, literals, ahead);
      pos = s.pos;
      i = pos >>> 3;
      ahead = (d[i]! | (d[i + 1]! << 8) | (d[i + 2]! << 16)) >> (pos & 7);
    }
    if (pos > end) throw new Error(EOF);
    if (sym < 256) {
      if (o >= limit) {
        s.o = o;
        out = room(s, o + 1);
        limit = Math.min(out.length, s.cap);
      }
      out[o++] = sym;
      continue;
    }
    if (sym === 256) break;
    const l = sym - 257;
    if (l >= 29) throw new Error('invalid literal/length code');
    const lengthBits = LENGTH_EXTRA[l]!;
    const length = LENGTH_BASE[l]! + (ahead & ((1 << lengthBits) - 1));
    pos += lengthBits;
    // 32 bits ahead (at least 25 of them valid): a distance code from the table (at most 9 bits) and its extra bits
    // (at most 13) in one read.
    i = pos >>> 3;
    ahead = (d[i]! | (d[i + 1]! << 8) | (d[i + 2]! << 16) | (d[i + 3]! << 24)) >>> (pos & 7);
    entry = distances.fast[ahead & distances.mask]!;
    let dsym: number;
    if (entry !== 0) {
      pos += entry & 15;
      dsym = entry >>> 4;
      ahead >>>= entry & 15;
    } else {
      s.pos = pos;
      dsym = longSymbol(s, distances, ahead);
      pos = s.pos;
      i = pos >>> 3;
      ahead = (d[i]! | (d[i + 1]! << 8) | (d[i + 2]! << 16)) >> (pos & 7);
    }
    if (dsym >= 30) throw new Error('invalid distance code');
    const distanceBits = DIST_EXTRA[dsym]!;
    const distance = DIST_BASE[dsym]! + (ahead & ((1 << distanceBits) - 1));
    pos += distanceBits;
    if (pos > end) throw new Error(EOF);
    if (distance > o) throw new Error('invalid distance too far back');
    if (o + length > limit) {
      s.o = o;
      out = room(s, o + length);
      limit = Math.min(out.length, s.cap);
    }
    for (let from = o - distance, stop = o + length; o < stop; ) out[o++] = out[from++]!;
  }
  s.pos = pos;
  s.o = o;
}

/**
 * The input followed by zero bytes, in a buffer reused between calls: the decoder reads up to three bytes past its
 * position, and a read past a typed array's end (undefined) sent V8's compiled loop down a slower path for every read.
 */
function padded(input: Uint8Array): Uint8Array {
  if (input.length + PAD > paddedInput.length) paddedInput = new Uint8Array(Math.max(input.length + PAD, paddedInput.length * 2));
  paddedInput.set(input);
  paddedInput.fill(0, input.length, input.length + PAD);
  return paddedInput;
}
const PAD = 8;
let paddedInput = new Uint8Array(4096);

/** Inflates blocks up to the final one, from byte `start`; returns the byte after the last one read. */
function inflateBlocks(input: Uint8Array, start: number, cap: number): { o: number; next: number } {
  const s: State = { data: padded(input), pos: start * 8, end: input.length * 8, cap, o: 0 };
  let last: number;
  do {
    last = bits(s, 1);
    const type = bits(s, 2);
    if (type === 0) stored(s);
    else if (type === 1) codes(s, FIXED_LITERALS, FIXED_DISTANCES);
    else if (type === 2) dynamic(s);
    else throw new Error('invalid block type');
  } while (!last);
  return { o: s.o, next: (s.pos + 7) >>> 3 };
}

/** Raw DEFLATE (RFC 1951) as in SMART Health Cards (`zip: "DEF"`). Throws on corrupt data, InflateLimitError past the cap. */
export function inflateRaw(input: Uint8Array, cap = MAX_INFLATED_BYTES): Uint8Array {
  const { o } = inflateBlocks(input, 0, cap); // first: it may replace `scratch` with a larger buffer
  return copyOut(o);
}

/**
 * Raw DEFLATE as strict UTF-8 text (a SMART card's payload), decoded straight from the decoder's buffer: the bytes are
 * never copied out (0.4 µs of the bench's 6.9 for a card). Throws as inflateRaw, and a TypeError for invalid UTF-8.
 */
export function inflateRawText(input: Uint8Array, cap = MAX_INFLATED_BYTES): string {
  const { o } = inflateBlocks(input, 0, cap);
  return utf8(scratch.subarray(0, o));
}

/** zlib (RFC 1950) as in EU DCC: the header (deflate, no preset dictionary), the stream, its Adler-32. */
export function inflateZlib(input: Uint8Array, cap = MAX_INFLATED_BYTES): Uint8Array {
  if (input.length < 2) throw new Error(EOF);
  const cmf = input[0]!;
  const flg = input[1]!;
  if ((cmf & 15) !== 8) throw new Error('unknown compression method');
  if (cmf >>> 4 > 7) throw new Error('invalid window size');
  if (((cmf << 8) | flg) % 31 !== 0) throw new Error('incorrect header check');
  if (flg & 0x20) throw new Error('a preset dictionary is not supported');
  const { o, next } = inflateBlocks(input, 2, cap);
  if (next + 4 > input.length) throw new Error(EOF);
  const out = copyOut(o);
  const expected = ((input[next]! << 24) | (input[next + 1]! << 16) | (input[next + 2]! << 8) | input[next + 3]!) >>> 0;
  if (adler32(out) !== expected) throw new Error('incorrect data check');
  return out;
}

/** The output, copied out of the reused buffer (the next inflate writes over it). */
function copyOut(n: number): Uint8Array {
  const out = pooledBytes(n);
  out.set(scratch.subarray(0, n));
  return out;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length; ) {
    // zlib's NMAX: the most bytes summed before b could pass 2^32 (so both stay small integers between reductions).
    const end = Math.min(bytes.length, i + 5552);
    for (; i < end; i++) {
      a += bytes[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}
