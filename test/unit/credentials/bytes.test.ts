// The byte helpers the decoders share, against Node's own codecs: base64url read from a string or from ASCII bytes
// (a SMART card's JWS never becomes a string), base64 written, and inflation whatever the ratio of output to input.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { deflateSync, zlibSync } from 'fflate';
import { base64UrlToBytes, bytesToBase64, pooledBytes, scratchUtf8 } from '../../../electron/core/credentials/bytes';
import { inflateRaw, inflateZlib } from '../../../electron/core/credentials/inflate';
import { sized, timeoutFor } from '../../support/property';

const ascii = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

describe('credentials/bytes', () => {
  it('base64url decodes what Node encodes, from a string and from a slice of bytes', { timeout: timeoutFor(2000) }, () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), (bytes, pre, post) => {
        const text = Buffer.from(bytes).toString('base64url');
        expect(Buffer.from(base64UrlToBytes(text))).toEqual(Buffer.from(bytes));
        const framed = ascii(`${pre.replace(/[^\x20-\x7e]/g, '.')}${text}${post.replace(/[^\x20-\x7e]/g, '.')}`);
        const start = pre.length;
        expect(Buffer.from(base64UrlToBytes(framed, start, start + text.length))).toEqual(Buffer.from(bytes));
      }),
      sized(2000),
    );
  });

  it('base64 writes what Node writes, padding and all, for any bytes (a key id, a revocation hash, a CBOR byte string)', { timeout: timeoutFor(2000) }, () => {
    expect(bytesToBase64(new Uint8Array())).toBe('');
    for (const n of [1, 2, 3, 4, 5]) expect(bytesToBase64(new Uint8Array(n).fill(0xff))).toBe(Buffer.alloc(n, 0xff).toString('base64'));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      }),
      sized(2000),
    );
  });

  it('base64url refuses any other character, padding, and an impossible length', { timeout: timeoutFor(2000) }, () => {
    for (const bad of ['ab+c', 'ab/c', 'abc=', 'YQ==', 'a b', 'a', 'abcde', 'é', 'ab\u0100c']) {
      expect(() => base64UrlToBytes(bad), bad).toThrow();
      expect(() => base64UrlToBytes(new Uint8Array(Buffer.from(bad, 'utf8'))), bad).toThrow();
    }
    expect(base64UrlToBytes('')).toHaveLength(0);
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const valid = /^[A-Za-z0-9_-]*$/.test(s) && s.length % 4 !== 1;
        if (valid) expect(Buffer.from(base64UrlToBytes(s))).toEqual(Buffer.from(s, 'base64url'));
        else expect(() => base64UrlToBytes(s)).toThrow();
      }),
      sized(2000),
    );
  });

  it('inflates exactly, whether the output fits the reused buffer (4 KiB at first) or makes it grow', { timeout: timeoutFor(150) }, () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.integer({ min: 1, max: 6000 }), (seed, length) => {
        // Highly compressible output of any length: the first buffer is too small for most of these.
        const plain = new Uint8Array(length).map((_, i) => seed.length ? seed[i % seed.length]! : i % 7);
        expect(Buffer.from(inflateRaw(deflateSync(plain)))).toEqual(Buffer.from(plain));
        expect(Buffer.from(inflateZlib(zlibSync(plain)))).toEqual(Buffer.from(plain));
      }),
      sized(150),
    );
  });

  it('pooled bytes are zeroed and each its own: writing one changes no other; large ones get a buffer of their own', () => {
    const sizes = [1, 7, 8, 64, 65, 768, 4096, 4097, 3000, 3000, 3000, 3000, 3000, 3000, 100_000];
    const views = sizes.map((n) => pooledBytes(n));
    views.forEach((v, i) => {
      expect(v.length).toBe(sizes[i]);
      expect(v.every((b) => b === 0)).toBe(true);
    });
    views.forEach((v, i) => v.fill(i + 1));
    views.forEach((v, i) => expect(v.every((b) => b === i + 1), `view ${i}`).toBe(true));
    // Over 4 KiB: not from the pool, so a structured clone of it copies its bytes only.
    expect(views[7]!.buffer.byteLength).toBe(4097);
    expect(views.at(-1)!.buffer.byteLength).toBe(100_000);
  });

  it('scratchUtf8 gives a text\'s UTF-8 bytes (reused until the next call; over 64 KiB, bytes of their own)', () => {
    expect(Buffer.from(scratchUtf8('shc:/5676'))).toEqual(Buffer.from('shc:/5676'));
    expect(Buffer.from(scratchUtf8('健康码 HC1:'))).toEqual(Buffer.from('健康码 HC1:', 'utf8'));
    const long = '9'.repeat(30_000);
    expect(Buffer.from(scratchUtf8(long))).toEqual(Buffer.from(long));
    const first = scratchUtf8('abc');
    scratchUtf8('xyz');
    expect(Buffer.from(first).toString()).toBe('xyz');
  });
});
