import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { sized, timeoutFor } from '../../support/property';
import { hoursMinutes, isOverdue, matchExits, previousDay, type ExitMark, type Visit } from '../../../electron/core/register/inside';

const M = 60_000;
const T0 = Date.parse('2026-11-20T09:00:00+08:00');
const visit = (ref: string, min: number, keys: Partial<Visit> = {}): Visit => ({ ref, atMs: T0 + min * M, localDay: '2026-11-20', category: 'visitor', outcome: 'admit', ...keys });
const exit = (ref: string, min: number, keys: Partial<ExitMark> = {}): ExitMark => ({ ref, atMs: T0 + min * M, ...keys });
const open = (visits: Visit[], exits: ExitMark[]) => matchExits(visits, exits).open.map((v) => v.ref);

describe('core/register/inside: matching exits to entrants', () => {
  it.each([
    ['the same credential (fingerprint) scanned again', [visit('E#1', 0, { fingerprint: 'f1' }), visit('E#2', 1, { fingerprint: 'f2' })], [exit('E#3', 60, { fingerprint: 'f1' })], ['E#2']],
    ['the same ID (fingerprint of the ID number)', [visit('E#1', 0, { idHash: 'h1' }), visit('E#2', 1, { idHash: 'h2' })], [exit('E#3', 60, { idHash: 'h2' })], ['E#1']],
    ['a badge: its code is the credential', [visit('E#1', 0, { fingerprint: 'badge-7' })], [exit('W#1', 30, { fingerprint: 'badge-7' })], []],
    ['picked from the list: the exit names the entry (no keys at all)', [visit('E#1', 0), visit('E#2', 1)], [exit('E#3', 5, { closes: 'E#2' })], ['E#1']],
    ['a refused entrant is never inside and never closed', [visit('E#1', 0, { fingerprint: 'f', outcome: 'refuse' })], [], []],
    ['emergency and routed patients are inside', [visit('E#1', 0, { outcome: 'admit-emergency' }), visit('E#2', 1, { outcome: 'route' })], [], ['E#1', 'E#2']],
    ['two visits in a day: in, out, in again', [visit('E#1', 0, { fingerprint: 'f' }), visit('E#3', 120, { fingerprint: 'f' })], [exit('E#2', 60, { fingerprint: 'f' })], ['E#3']],
    ['in, out, in, out', [visit('E#1', 0, { fingerprint: 'f' }), visit('E#3', 120, { fingerprint: 'f' })], [exit('E#2', 60, { fingerprint: 'f' }), exit('E#4', 180, { fingerprint: 'f' })], []],
    ['rechecked without leaving: listed once, at the latest entry', [visit('E#1', 0, { idHash: 'h' }), visit('W#1', 10, { idHash: 'h' })], [], ['W#1']],
    ['one person by ID and by code, three times without leaving: listed once', [visit('E#1', 0, { idHash: 'h', fingerprint: 'f1' }), visit('E#2', 5, { fingerprint: 'f1' }), visit('E#3', 9, { idHash: 'h', fingerprint: 'f3' }), visit('E#4', 12, { fingerprint: 'other' })], [], ['E#3', 'E#4']],
    ['one exit closes every open entry of the person', [visit('E#1', 0, { idHash: 'h' }), visit('W#1', 10, { idHash: 'h' })], [exit('E#2', 60, { idHash: 'h' })], []],
    ["another gate's clock 3 minutes behind: the exit just before the entry still matches", [visit('E#1', 60, { fingerprint: 'f' })], [exit('W#1', 57, { fingerprint: 'f' })], []],
    ['an exit long before the entry does not close it', [visit('E#1', 60, { fingerprint: 'f' })], [exit('W#1', 30, { fingerprint: 'f' })], ['E#1']],
  ] as const)('%s', (_name, visits, exits, stillInside) => {
    expect(open([...visits], [...exits])).toEqual(stillInside);
  });

  it('an exit after midnight closes the entry of the day before', () => {
    const v = { ...visit('E#1', 0, { fingerprint: 'f' }), localDay: '2026-11-20' };
    const m = matchExits([v], [exit('E#9', 16 * 60, { fingerprint: 'f' })]);
    expect(m.open).toEqual([]);
    expect(m.closedBy.get('E#1')?.ref).toBe('E#9');
  });

  it('an exit that finds nobody is reported, never dropped; one naming an older entry is not', () => {
    const m = matchExits([visit('E#1', 0, { fingerprint: 'f' })], [exit('E#2', 10, { fingerprint: 'other' }), exit('E#3', 11, { closes: 'E#0' })]);
    expect(m.unmatched.map((x) => x.ref)).toEqual(['E#2']);
    expect(m.open.map((v) => v.ref)).toEqual(['E#1']);
  });

  // POLICY.md's register invariant for the list: whatever the order exits arrive in (gates sync late), the result is the same.
  it('the result does not depend on the order visits and exits are given in', () => {
    const arb = fc.record({
      visits: fc.array(fc.record({ min: fc.integer({ min: 0, max: 600 }), person: fc.integer({ min: 0, max: 4 }), outcome: fc.constantFrom('admit', 'refuse', 'route') }), { maxLength: 12 }),
      exits: fc.array(fc.record({ min: fc.integer({ min: 0, max: 600 }), person: fc.integer({ min: 0, max: 5 }) }), { maxLength: 8 }),
    });
    fc.assert(fc.property(arb, fc.integer(), ({ visits, exits }, seed) => {
      const vs = visits.map((v, i) => visit(`E#${i + 1}`, v.min, { fingerprint: `p${v.person}`, outcome: v.outcome as Visit['outcome'] }));
      const xs = exits.map((x, i) => exit(`W#${i + 1}`, x.min, { fingerprint: `p${x.person}` }));
      const shuffled = <T,>(a: T[]) => [...a].sort((p, q) => ((JSON.stringify(p).length * 31 + seed) % 7) - ((JSON.stringify(q).length * 31 + seed) % 7));
      const a = matchExits(vs, xs);
      const b = matchExits(shuffled(vs), shuffled(xs));
      expect(b.open.map((v) => v.ref)).toEqual(a.open.map((v) => v.ref));
      expect(b.unmatched.map((x) => x.ref).sort()).toEqual(a.unmatched.map((x) => x.ref).sort());
      // Never a refused entrant inside; never one person listed twice.
      expect(a.open.every((v) => v.outcome !== 'refuse')).toBe(true);
      expect(new Set(a.open.map((v) => v.fingerprint)).size).toBe(a.open.length);
    }), sized(200));
  }, timeoutFor(200));
});

describe('core/register/inside: days, hours, overdue', () => {
  it.each([
    ['2026-11-20', '2026-11-19'], ['2026-03-01', '2026-02-28'], ['2024-03-01', '2024-02-29'], ['2027-01-01', '2026-12-31'],
  ])('the day before %s is %s', (day, before) => expect(previousDay(day)).toBe(before));

  it.each([[0, '0:00'], [59, '0:59'], [65, '1:05'], [600, '10:00'], [-3, '0:00'], [61.9, '1:01']])('%s minutes read %s', (m, s) => expect(hoursMinutes(m)).toBe(s));

  it.each([
    ['a visitor before visiting hours end', 'visitor', '2026-11-20', '16:59', '17:00', false],
    ['a visitor at the hour', 'visitor', '2026-11-20', '17:00', '17:00', true],
    ['a visitor from yesterday', 'visitor', '2026-11-19', '08:00', undefined, true],
    ['a visitor, no visiting hours set', 'visitor', '2026-11-20', '23:00', undefined, false],
    ['staff are never overdue', 'staff', '2026-11-19', '23:00', '17:00', false],
    ['a resident is never overdue', 'resident', '2026-11-20', '23:00', '17:00', false],
  ] as const)('%s', (_n, category, localDay, now, until, overdue) => {
    expect(isOverdue({ category, localDay }, '2026-11-20', now, until)).toBe(overdue);
  });
});
