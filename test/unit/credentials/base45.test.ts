// Base45 (RFC 9285) as the EU DCC's QR codes carry it: the RFC's own examples, every byte string back as it went in
// (encoded by @digitalbazaar/base45), and every text decoded as that library decodes it where both read it, refused
// where it is not Base45 — also the characters beyond Latin-1 that the library reads as the digit 0.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { encode, decode } from '@digitalbazaar/base45';
import { base45Decode, Base45Error } from '../../../electron/core/credentials/base45';
import { sized, timeoutFor } from '../../support/property';

const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

describe('credentials/base45Decode', () => {
  it.each([
    ['BB8', 'AB'], ['%69 VD92EX0', 'Hello!!'], ['UJCLQE7W581', 'base-45'], ['QED8WEX0', 'ietf!'], ['', ''], ['FGW', '\xff\xff'], ['U5', '\xff'],
  ])('RFC 9285: %j is %j', (encoded, bytes) => {
    expect(text(base45Decode(encoded))).toBe(bytes);
  });

  it.each([
    ['GGW', 'three characters over 65535 (RFC 9285 §6)'], ['V5', 'two characters over 255'], ['A', 'one character over'], ['ABCD', 'four characters'],
    ['ab8', 'a lower-case letter'], ['BB\u00e9', 'a Latin-1 letter'], ['BB号', 'a Chinese character (the library reads it as 0)'], ['BB\ud83d\ude00'.slice(0, 3), 'half an emoji'],
  ])('refuses %j: %s', (encoded) => {
    expect(() => base45Decode(encoded)).toThrow(Base45Error);
  });

  it('gives back every byte string as it was encoded', { timeout: timeoutFor(300) }, () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 700 }), (bytes) => {
      expect(base45Decode(encode(bytes))).toEqual(bytes);
    }), sized(300));
  });

  it('reads any text as the library does where both read it, and refuses what it refuses', { timeout: timeoutFor(300) }, () => {
    // Mostly the alphabet (texts that read, and groups over 65535), now and then any other character.
    let read = 0;
    const char = fc.oneof({ arbitrary: fc.constantFrom(...ALPHABET), weight: 40 }, { arbitrary: fc.integer({ min: 0, max: 0x2fff }).map((c) => String.fromCharCode(c)), weight: 1 });
    fc.assert(fc.property(fc.array(char, { maxLength: 30 }).map((cs) => cs.join('')), (s) => {
      const ours = (() => { try { return base45Decode(s); } catch (err) { expect(err).toBeInstanceOf(Base45Error); return 'refused'; } })();
      const theirs = (() => { try { return decode(s); } catch { return 'refused'; } })();
      // The library reads a character code of 256 and above as 0: there only, it may read what is refused here.
      if ([...s].some((c) => c.charCodeAt(0) > 255)) expect(ours).toBe('refused');
      else expect(ours).toEqual(theirs);
      if (ours !== 'refused') read++;
    }), sized(300));
    // Texts that read were among those tried, not only refusals (refusals have the cases above besides).
    expect(read).toBeGreaterThan(sized(300).numRuns / 10);
  });
});
