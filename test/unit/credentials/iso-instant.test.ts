// isoInstant against Date.prototype.toISOString, the reference it stands in for: the same text for any time value,
// the same RangeError where there is none, and the edges of the years it writes itself.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { isEpochSeconds, isoInstant } from '../../../electron/core/credentials/iso-instant';
import { sized, timeoutFor } from '../../support/property';

const reference = (ms: number) => new Date(ms).toISOString();

describe('credentials/iso-instant', () => {
  it('writes what toISOString writes for any whole millisecond in Date\'s range', { timeout: timeoutFor(20_000) }, () => {
    // Mostly the years it writes itself (0000–9999), sometimes anywhere in Date's range (where toISOString writes).
    const ms = fc.oneof(
      { arbitrary: fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }), weight: 4 },
      { arbitrary: fc.integer({ min: -8.64e15, max: 8.64e15 }), weight: 1 },
    );
    fc.assert(fc.property(ms, (ms) => {
      expect(isoInstant(ms)).toBe(reference(ms));
    }), sized(20_000));
  });

  it('writes what toISOString writes around each month\'s and year\'s end (leap years, centuries, 400-year eras)', { timeout: timeoutFor(3_000) }, () => {
    const year = fc.integer({ min: 0, max: 9999 });
    const month = fc.integer({ min: 0, max: 11 });
    fc.assert(fc.property(year, month, fc.integer({ min: -2, max: 1 }), fc.integer({ min: -1, max: 1 }), (y, m, edge, ms) => {
      const start = new Date(0);
      start.setUTCFullYear(y, m + 1, 1);
      start.setUTCHours(0, 0, 0, 0);
      const t = start.getTime() + edge * 86_400_000 + ms;
      expect(isoInstant(t)).toBe(reference(t));
    }), sized(3_000));
  });

  it('has the edges of years 0000–9999, the Date range and odd values exactly as toISOString has them', () => {
    const edges = [-62_167_219_200_001, -62_167_219_200_000, 0, -1, 951_782_400_000, 4_107_542_399_999, 253_402_300_799_999, 253_402_300_800_000, 8.64e15, -8.64e15, 1.5, -0.5, -0];
    for (const t of edges) expect(isoInstant(t), String(t)).toBe(reference(t));
    expect(isoInstant(Date.parse('2026-11-19T20:00:00Z'))).toBe('2026-11-19T20:00:00.000Z');
    expect(isoInstant(Date.parse('2024-02-29T23:59:59.999Z'))).toBe('2024-02-29T23:59:59.999Z');
    expect(isoInstant(Date.parse('0000-01-01T00:00:00Z'))).toBe('0000-01-01T00:00:00.000Z');
    expect(isoInstant(Date.parse('9999-12-31T23:59:59.999Z'))).toBe('9999-12-31T23:59:59.999Z');
    for (const bad of [NaN, Infinity, -Infinity, 8.64e15 + 1]) expect(() => isoInstant(bad)).toThrow(RangeError);
  });

  it.each([
    [0, true], [1_700_000_000, true], [-8.64e12, true], [8.64e12, true], [1.5, true],
    [8.64e12 + 1, false], [-8.64e12 - 1, false], [Number.NaN, false], [Number.POSITIVE_INFINITY, false], ['1700000000', false], [null, false], [1n, false],
  ])('isEpochSeconds(%s) is %s, as a Date of its milliseconds can (or cannot) be written', (v, want) => {
    expect(isEpochSeconds(v)).toBe(want);
    if (typeof v === 'number') expect(Number.isFinite(new Date(v * 1000).getTime())).toBe(want);
  });
});
