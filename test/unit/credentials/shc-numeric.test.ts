// The numeric QR text of a SMART Health Card → its JWS characters (spec: each pair of digits is a character's code
// minus 45), read a pair at a time through a lookup table, against the spec's arithmetic written out plainly: the
// same characters, or the same refusal with the same words, for any text, whole card or chunk, and whatever the
// parity of where its digits begin.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { shcNumericToJws } from '../../../electron/core/credentials/shc';
import { DecodeError } from '../../../electron/core/credentials/types';
import { sized, timeoutFor } from '../../support/property';

/** The spec's conversion, one pair at a time, with the decoder's words for each refusal. */
function reference(digits: string): string {
  if ([...digits].some((c) => c.charCodeAt(0) > 0x7f)) throw new DecodeError('NUMERIC', 'not a numeric SMART Health Card (shc:/digits or shc:/i/n/digits)');
  if (digits.length % 2 !== 0) throw new DecodeError('NUMERIC', 'an odd number of digits');
  let out = '';
  for (let i = 0; i < digits.length; i += 2) {
    const pair = digits.slice(i, i + 2);
    if (!/^\d\d$/.test(pair)) throw new DecodeError('NUMERIC', 'not a numeric SMART Health Card (shc:/digits or shc:/i/n/digits)');
    if (Number(pair) > 77) throw new DecodeError('NUMERIC', `digit pair ${Number(pair)} is outside the base64url range`);
    out += String.fromCharCode(Number(pair) + 45);
  }
  return out;
}

function outcome(run: () => string): { text: string } | { code: string; message: string } {
  try {
    return { text: run() };
  } catch (err) {
    return { code: (err as DecodeError).code, message: (err as Error).message };
  }
}

/** Digit text as a card holds it, now and then with a pair over 77, a stray character or one beyond ASCII. */
const digits = fc.oneof(
  fc.array(fc.integer({ min: 0, max: 77 }), { minLength: 1, maxLength: 700 }).map((ns) => ns.map((n) => String(n).padStart(2, '0')).join('')),
  fc.tuple(fc.array(fc.integer({ min: 0, max: 99 }), { minLength: 1, maxLength: 50 }), fc.nat(), fc.constantFrom('', 'a', '/', ' ', '健', '\u00e9', '\ud83d\ude00', '7'))
    .map(([ns, at, extra]) => {
      const text = ns.map((n) => String(n).padStart(2, '0')).join('');
      const i = at % (text.length + 1);
      return text.slice(0, i) + extra + text.slice(i);
    }),
);

describe('credentials/shc numeric QR text', () => {
  it('gives the spec\'s characters, or its refusal, for a whole card (digits from an odd offset) and a one-chunk card (an even one)', { timeout: timeoutFor(300) }, () => {
    fc.assert(fc.property(digits, (d) => {
      const want = outcome(() => reference(d));
      const notNumeric = { code: 'NUMERIC', message: 'not a numeric SMART Health Card (shc:/digits or shc:/i/n/digits)' };
      // A '/' after the prefix makes it the chunked form (a malformed one here).
      expect(outcome(() => shcNumericToJws([`shc:/${d}`]))).toEqual(d.includes('/') ? notNumeric : want);
      // The chunked form's syntax takes digits only (anything else fails before any pair is read).
      expect(outcome(() => shcNumericToJws([`shc:/1/1/${d}`]))).toEqual(/^\d+$/.test(d) ? want : notNumeric);
    }), sized(300));
  });

  it('names each refusal', () => {
    expect(() => shcNumericToJws(['shc:/567'])).toThrow('an odd number of digits');
    expect(() => shcNumericToJws(['shc:/5678'])).toThrow('digit pair 78 is outside the base64url range');
    expect(() => shcNumericToJws(['shc:/56a6'])).toThrow('not a numeric SMART Health Card');
    expect(() => shcNumericToJws(['shc:/56７6'])).toThrow('not a numeric SMART Health Card'); // a full-width digit
    expect(() => shcNumericToJws(['shc:/9956'])).toThrow('digit pair 99 is outside the base64url range');
    expect(shcNumericToJws(['shc:/00017677'])).toBe('-.yz');
    expect(shcNumericToJws(['shc:/1/1/00017677'])).toBe('-.yz');
  });

  it('reads a text longer than its reusable buffer, and a shorter one after it', () => {
    const long = '56'.repeat(6000);
    expect(shcNumericToJws([`shc:/${long}`])).toBe('e'.repeat(6000));
    expect(shcNumericToJws(['shc:/5657'])).toBe('ef');
  });
});
