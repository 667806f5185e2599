// Our DEFLATE / zlib decoder against zlib itself (node:zlib): every stream zlib writes, at every level and strategy,
// comes back as it went in; every stream — also corrupted, truncated or random bytes — gives zlib's output or, where
// zlib refuses it, a refusal; the cap holds on every path (literals, copies, stored blocks) without output past it.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { constants, deflateRawSync, deflateSync, inflateRawSync, inflateSync, type ZlibOptions } from 'node:zlib';
import { inflateRaw, inflateRawText, inflateZlib, InflateLimitError, MAX_INFLATED_BYTES } from '../../../electron/core/credentials/inflate';
import { sized, timeoutFor } from '../../support/property';

const STRATEGIES = [constants.Z_DEFAULT_STRATEGY, constants.Z_FILTERED, constants.Z_HUFFMAN_ONLY, constants.Z_RLE, constants.Z_FIXED];

/** Inputs like a card's (JSON with repeats), runs that make long copies, and plain random bytes. */
const content = fc.oneof(
  fc.array(fc.constantFrom('{"resourceType":', '"Observation"', ',"code":', '"94558-4"', '}', '[', ']', '"2026-11-19T20:00:00Z"', 'ab', '\u4e2d\u6587'), { maxLength: 200 }).map((ws) => new Uint8Array(Buffer.from(ws.join('')))),
  fc.array(fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 600 })), { maxLength: 12 }).map((runs) => new Uint8Array(runs.flatMap(([b, n]) => Array<number>(n).fill(b)))),
  fc.uint8Array({ maxLength: 3000 }),
);

const options = fc.record({
  level: fc.integer({ min: 0, max: 9 }),
  strategy: fc.constantFrom(...STRATEGIES),
  memLevel: fc.integer({ min: 1, max: 9 }),
  windowBits: fc.integer({ min: 9, max: 15 }),
}) as fc.Arbitrary<ZlibOptions>;

/** What a decoder makes of `bytes`: its output, or 'refused'. */
function outcome(run: () => Uint8Array): Uint8Array | 'refused' {
  try {
    return new Uint8Array(run());
  } catch {
    return 'refused';
  }
}

/** A stream changed as a scan garbles it: bits flipped, cut short, or bytes overwritten. */
const garbled = (stream: Uint8Array) =>
  fc.oneof(
    fc.array(fc.nat(), { minLength: 1, maxLength: 4 }).map((flips) => {
      const b = stream.slice();
      for (const f of flips) b[f % b.length] = b[f % b.length]! ^ (1 << (f % 8));
      return b;
    }),
    fc.nat().map((n) => stream.slice(0, n % stream.length)),
    fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([at, bytes]) => {
      const b = stream.slice();
      b.set(bytes.subarray(0, b.length - (at % b.length)), at % b.length);
      return b;
    }),
  );

describe('credentials/inflate', () => {
  it('gives back every raw DEFLATE and zlib stream zlib writes, at any level, strategy and window', { timeout: timeoutFor(300) }, () => {
    fc.assert(fc.property(content, options, (bytes, opts) => {
      expect(inflateRaw(deflateRawSync(bytes, opts))).toEqual(bytes);
      expect(inflateZlib(deflateSync(bytes, opts))).toEqual(bytes);
    }), sized(300));
  });

  it('reads a garbled stream as zlib does: the same output, or refused where zlib refuses it', { timeout: timeoutFor(600) }, () => {
    let refused = 0;
    let read = 0;
    const cases = fc.tuple(content, options).filter(([b]) => b.length > 0).chain(([bytes, opts]) => fc.tuple(garbled(deflateRawSync(bytes, opts)), garbled(deflateSync(bytes, opts))));
    fc.assert(fc.property(cases, ([raw, wrapped]) => {
      const ours = outcome(() => inflateRaw(raw));
      expect(ours).toEqual(outcome(() => inflateRawSync(raw)));
      expect(outcome(() => inflateZlib(wrapped))).toEqual(outcome(() => inflateSync(wrapped)));
      if (ours === 'refused') refused++;
      else read++;
    }), sized(600));
    // Both kinds were among those tried: streams zlib still reads (flips in literals) and streams it refuses.
    expect(Math.min(refused, read)).toBeGreaterThan(sized(600).numRuns / 20);
  });

  it('reads random bytes as zlib does (mostly refused; a few are valid streams by chance)', { timeout: timeoutFor(600) }, () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
      expect(outcome(() => inflateRaw(bytes))).toEqual(outcome(() => inflateRawSync(bytes)));
      const wrapped = new Uint8Array([0x78, 0x9c, ...bytes]);
      expect(outcome(() => inflateZlib(wrapped))).toEqual(outcome(() => inflateSync(wrapped)));
    }), sized(600));
  });

  it.each([
    ['an empty input', ''],
    ['block type 3', '07'],
    ['a stored block whose length disagrees with its complement', '01 05 00 fa fe 41 41 41 41 41'],
    ['a stored block cut short', '01 05 00 fa ff 41 41'],
    ['a fixed block cut before its end code ("abc" without its last two bytes)', '4b 4c 4a'],
    // A fixed block whose first symbol is a copy (length code 257, distance code 0): from before the start.
    ['a distance before the start of the output', '03 02 00'],
  ])('refuses %s, as zlib does', (_name, hex) => {
    const bytes = new Uint8Array(Buffer.from(hex.replace(/ /g, ''), 'hex'));
    expect(() => inflateRawSync(bytes)).toThrow();
    expect(() => inflateRaw(bytes)).toThrow();
  });

  it('names what is wrong', () => {
    expect(() => inflateRaw(Uint8Array.of(0x03, 0x02, 0x00))).toThrow('invalid distance too far back');
    expect(() => inflateRaw(Uint8Array.of(0x07))).toThrow('invalid block type');
    expect(() => inflateRaw(Uint8Array.of(0x4b, 0x4c, 0x4a))).toThrow('unexpected end of data');
  });

  it('refuses a zlib stream with a wrong header, a preset dictionary, a wrong or missing checksum', () => {
    const good = new Uint8Array(deflateSync(Buffer.from('SMART DCC 健康码'.repeat(5))));
    expect(new TextDecoder().decode(inflateZlib(good))).toBe('SMART DCC 健康码'.repeat(5));
    const cases: [string, Uint8Array][] = [
      ['method 7', Uint8Array.of(0x77, ...good.subarray(1))],
      ['a header check that fails', Uint8Array.of(good[0]!, good[1]! ^ 1, ...good.subarray(2))],
      ['a window over 32 KiB', Uint8Array.of(0x88, 0x1c, ...good.subarray(2))],
      ['a preset dictionary', Uint8Array.of(0x78, 0xbb, 0, 0, 0, 1, ...good.subarray(2))],
      ['a wrong Adler-32', Uint8Array.of(...good.subarray(0, -1), good.at(-1)! ^ 0x40)],
      ['no Adler-32', good.subarray(0, -4)],
      ['two bytes of it', good.subarray(0, -2)],
    ];
    for (const [name, bytes] of cases) {
      expect(() => inflateSync(bytes), name).toThrow();
      expect(() => inflateZlib(bytes), name).toThrow();
    }
  });

  it('holds the cap on literals, copies and stored blocks: exactly the cap reads, one byte more is refused', () => {
    const cap = 5000;
    for (const [name, make] of [
      ['copies (a run)', (n: number) => new Uint8Array(n).fill(7)],
      ['literals (random bytes, Huffman only)', (n: number) => new Uint8Array(Buffer.from(Array.from({ length: n }, (_, i) => (i * 7919) % 251)))],
    ] as const) {
      for (const strategy of [constants.Z_DEFAULT_STRATEGY, constants.Z_HUFFMAN_ONLY]) {
        expect(inflateRaw(deflateRawSync(make(cap), { strategy }), cap).length, name).toBe(cap);
        expect(() => inflateRaw(deflateRawSync(make(cap + 1), { strategy }), cap), name).toThrow(InflateLimitError);
        expect(() => inflateZlib(deflateSync(make(cap + 1), { strategy }), cap), name).toThrow(InflateLimitError);
      }
    }
    expect(inflateRaw(deflateRawSync(new Uint8Array(cap), { level: 0 }), cap).length).toBe(cap);
    expect(() => inflateRaw(deflateRawSync(new Uint8Array(cap + 1), { level: 0 }), cap)).toThrow(InflateLimitError);
    // A smaller cap after a larger output has grown the reused buffer still holds.
    expect(inflateRaw(deflateRawSync(new Uint8Array(40_000).fill(1))).length).toBe(40_000);
    expect(() => inflateRaw(deflateRawSync(new Uint8Array(cap + 1).fill(1)), cap)).toThrow(InflateLimitError);
  });

  it('refuses a bomb (16 MiB of zeros in 16 KB) at the default cap, without taking its memory', () => {
    const bomb = new Uint8Array(deflateRawSync(new Uint8Array(16 * 1024 * 1024), { level: 9 }));
    expect(bomb.length).toBeLessThan(20_000);
    const before = process.memoryUsage().arrayBuffers;
    expect(() => inflateRaw(bomb)).toThrow(InflateLimitError);
    expect(() => inflateRaw(bomb)).toThrow(`inflated output exceeds ${MAX_INFLATED_BYTES} bytes`);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(4 * MAX_INFLATED_BYTES);
  });

  it('gives each result bytes of its own: a later inflate (or a failed one) does not change an earlier result', () => {
    const a = inflateRaw(deflateRawSync(Buffer.from('first card')));
    expect(() => inflateRaw(deflateRawSync(new Uint8Array(100_000)))).toThrow(InflateLimitError);
    const b = inflateRaw(deflateRawSync(Buffer.from('second')));
    expect(Buffer.from(a).toString()).toBe('first card');
    expect(Buffer.from(b).toString()).toBe('second');
    b.fill(0);
    expect(Buffer.from(a).toString()).toBe('first card');
  });

  it('inflateRawText gives the text of inflateRaw\'s bytes, decoded strictly, and refuses what either refuses', { timeout: timeoutFor(300) }, () => {
    const text = (run: () => string) => {
      try {
        return run();
      } catch {
        return 'refused';
      }
    };
    const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    fc.assert(fc.property(content, (bytes) => {
      const raw = new Uint8Array(deflateRawSync(bytes));
      expect(text(() => inflateRawText(raw))).toBe(text(() => strict.decode(inflateRaw(raw))));
    }), sized(300));
    expect(inflateRawText(new Uint8Array(deflateRawSync(Buffer.from('\ufeff{"a":"健康码"}'))))).toBe('\ufeff{"a":"健康码"}'); // a byte-order mark is kept
    expect(() => inflateRawText(new Uint8Array(deflateRawSync(Uint8Array.of(0x7b, 0xff, 0x7d))))).toThrow(TypeError);
    expect(() => inflateRawText(new Uint8Array(deflateRawSync(new Uint8Array(100_000))))).toThrow(InflateLimitError);
  });
});
