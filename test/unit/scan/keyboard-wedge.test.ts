import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { sized, timeoutFor } from '../../support/property';
import { initialWedgeState, wedgeIdle, wedgeKey, DEFAULT_WEDGE_OPTIONS, type WedgeEvent } from '../../../electron/core/scan/keyboard-wedge';

/** Feeds keys at the given gaps (ms) and returns every event; the key `IDLE` stands for the UI's idle flush firing. */
function feed(keys: string[], gaps: number | number[], start = 1000): WedgeEvent[] {
  let state = initialWedgeState;
  let t = start;
  const events: WedgeEvent[] = [];
  keys.forEach((k, i) => {
    if (k === IDLE) {
      const r = wedgeIdle(state);
      state = r.state;
      events.push(...r.events);
      return;
    }
    t += Array.isArray(gaps) ? gaps[i] ?? 0 : gaps;
    const r = wedgeKey(state, k, t);
    state = r.state;
    events.push(...r.events);
  });
  return events;
}
const IDLE = '<idle>';
const chars = (s: string) => [...s];
const scans = (evs: WedgeEvent[]) => evs.filter((e) => e.type === 'scan').map((e) => (e as { code: string }).code);

describe('scan/wedgeKey', () => {
  it.each([
    { name: 'a fast burst ended by Enter is one scan', keys: [...chars('HC1:NCFOXN'), 'Enter'], gap: 2, scans: ['HC1:NCFOXN'] },
    { name: 'Tab ends a scan too (scanners set that way)', keys: [...chars('110101199003074477'), 'Tab'], gap: 1, scans: ['110101199003074477'] },
    { name: 'slow typing then Enter is not a scan', keys: [...chars('hello'), 'Enter'], gap: 120, scans: [] },
    { name: 'too short a burst is not a scan', keys: [...chars('12'), 'Enter'], gap: 2, scans: [] },
    { name: 'Enter alone does nothing', keys: ['Enter'], gap: 2, scans: [] },
    { name: 'named keys (Shift, arrows) are ignored inside a burst', keys: ['A', 'Shift', 'B', 'ArrowLeft', 'C', 'D', 'Enter'], gap: 2, scans: ['ABCD'] },
    { name: 'two scans back to back', keys: [...chars('AAAA1'), 'Enter', ...chars('BBBB2'), 'Enter'], gap: 3, scans: ['AAAA1', 'BBBB2'] },
  ])('$name', ({ keys, gap, scans: expected }) => {
    expect(scans(feed(keys, gap))).toEqual(expected);
  });

  it('slow keys before a scan are reported as typing, one burst each, and the scan stays whole', () => {
    const keys = [...chars('xy'), ...chars('CODE123'), 'Enter'];
    const gaps = [0, 200, 500, 2, 2, 2, 2, 2, 2, 2];
    const evs = feed(keys, gaps);
    expect(evs.filter((e) => e.type === 'typing').map((e) => (e as { text: string }).text)).toEqual(['x', 'y']);
    expect(scans(evs)).toEqual(['CODE123']);
  });

  it('a stall or two inside a long scan (a busy computer) does not split it', () => {
    const code = 'HC1:' + 'B'.repeat(300);
    const gaps = [...code, 'Enter'].map((_, i) => (i === 40 || i === 200 ? 90 : 2));
    expect(scans(feed([...chars(code), 'Enter'], gaps))).toEqual([code]);
  });

  it('a person typing fast-ish (45 ms a key) is still typing, not a scan', () => {
    expect(scans(feed([...chars('hello world'), 'Enter'], 45))).toEqual([]);
  });

  it('a category key pressed before a scan stays separate when the scan starts after the split pause', () => {
    const evs = feed(['2', ...chars('SCAN-CODE-1'), 'Enter'], [0, 200, ...Array(11).fill(2)]);
    expect(evs[0]).toEqual({ type: 'typing', text: '2', at: 1000 });
    expect(scans(evs)).toEqual(['SCAN-CODE-1']);
  });

  it('the idle flush reports a lone key as typing once, and the next burst after a pause stays separate', () => {
    const evs = feed(['2', IDLE, IDLE, ...chars('SCAN-CODE-1'), 'Enter'], [0, 0, 0, 300, ...Array(11).fill(2)]);
    expect(evs.filter((e) => e.type === 'typing')).toEqual([{ type: 'typing', text: '2', at: 1000 }]);
    expect(scans(evs)).toEqual(['SCAN-CODE-1']);
  });

  it('keys stamped within the split gap continue a burst the idle flush already reported (a late timer cannot split a scan)', () => {
    const code = 'HC1:NCFOXN%TS3DH3ZSUZK+.V0ETD';
    const keys = [...chars(code.slice(0, 20)), IDLE, ...chars(code.slice(20)), 'Enter'];
    const evs = feed(keys, 2);
    expect(scans(evs)).toEqual([code]);
  });

  it('Enter long after a flushed burst reports nothing more', () => {
    const evs = feed(['g', IDLE, 'Enter'], [0, 0, 400]);
    expect(evs).toEqual([{ type: 'typing', text: 'g', at: 1000 }]);
  });

  it('reports progress while a long scan arrives, and the whole code at the end', () => {
    const code = 'HC1:' + 'A'.repeat(1196);
    const evs = feed([...chars(code), 'Enter'], 1);
    expect(evs.filter((e) => e.type === 'progress').length).toBeGreaterThan(10);
    expect(scans(evs)).toEqual([code]);
  });

  it('drops a runaway burst past the maximum length and says so', () => {
    const evs = feed([...chars('X'.repeat(DEFAULT_WEDGE_OPTIONS.maxLength + 10)), 'Enter'], 1);
    expect(scans(evs)).toEqual([]);
    expect(evs.at(-1)).toMatchObject({ type: 'overflow' });
  });

  it('never loses or reorders a character of a 1,200-character burst at 1 ms per key (property)', { timeout: timeoutFor(300) }, () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...chars('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:')), minLength: 4, maxLength: 1200 }), (code) => {
        expect(scans(feed([...chars(code), 'Enter'], 1))).toEqual([code]);
      }),
      sized(300),
    );
  });
});
