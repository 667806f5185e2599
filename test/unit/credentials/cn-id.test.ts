import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseId, idCheckChar, maskId } from '../../../electron/core/credentials/cn-id';
import { sized, timeoutFor } from '../../support/property';

describe('credentials/parseId', () => {
  it.each([
    { name: 'the GB 11643 example number is valid', id: '11010519491231002X', ok: true },
    { name: 'a lower-case x check character is accepted', id: '11010519491231002x', ok: true },
    { name: 'a valid number with a digit check character', id: '440524198001010013', ok: true },
    { name: 'a birth date before 1900 is impossible at the gate', id: '440524188001010014', reason: 'BIRTH_DATE' },
    { name: 'a birth date after today is impossible', id: '110105209901010012', reason: 'BIRTH_DATE' },
    { name: 'a region code no province has is flagged', id: '990105194912310023', reason: 'REGION' },
    { name: 'a wrong check digit is an error, not an unknown code', id: '110105194912310021', reason: 'CHECK_DIGIT' },
    { name: 'an impossible birth date (Feb 30)', id: '110105194902300025', reason: 'BIRTH_DATE' },
    { name: '17 digits is not an ID number', id: '11010519491231002', reason: 'FORMAT' },
    { name: 'letters inside are not an ID number', id: '1101051949123100AX', reason: 'FORMAT' },
  ])('$name', ({ id, ok, reason }) => {
    const r = parseId(id, Date.parse('2026-11-20T00:00:00Z'));
    if (ok) expect(r).toMatchObject({ ok: true, id: id.toUpperCase() });
    else expect(r).toEqual({ ok: false, reason });
  });

  it('reads the birth date', () => {
    expect(parseId('11010519491231002X')).toMatchObject({ birthDate: '1949-12-31' });
  });

  it('every single-digit change of a valid number is caught by the check digit or the date (property)', { timeout: timeoutFor(200) }, () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const base = '11010519491231002X';
        const d = (Number(base[pos]) + delta) % 10;
        const changed = base.slice(0, pos) + d + base.slice(pos + 1);
        expect(parseId(changed).ok).toBe(false);
      }),
      sized(200),
    );
    expect(idCheckChar('11010519491231002')).toBe('X');
  });
});

describe('credentials/maskId', () => {
  it('keeps the first 6 and the last 4 by default', () => expect(maskId('11010519491231002X')).toBe('110105********002X'));
  it('masks everything when the number is too short to keep both ends', () => expect(maskId('123456789')).toBe('*********'));
});
