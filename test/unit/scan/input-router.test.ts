import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { sized, timeoutFor } from '../../support/property';
import { initialRouterState, routeChar, routeEnd, routeIdle, routeOther, type RouterOutput, type RouterState } from '../../../electron/core/scan/input-router';

/** A key with the gap (ms, by timestamp) since the key before it; IDLE is the UI's idle timer, OTHER a named key (Esc). */
type Step = { key: string; gap: number } | 'IDLE' | 'OTHER';

interface Run {
  /** Characters given to whatever had the focus, in order. */
  released: string;
  scans: string[];
  /** Enters and Tabs that went on to the focused thing (not a scanner's). */
  passedEnds: number;
  held: string[];
}

function run(steps: Step[]): Run {
  let state: RouterState = initialRouterState;
  let t = 10_000;
  const out: RouterOutput[] = [];
  let passedEnds = 0;
  const held: string[] = [];
  for (const step of steps) {
    if (step === 'IDLE' || step === 'OTHER') {
      const r = step === 'IDLE' ? routeIdle(state) : routeOther(state);
      state = r.state;
      out.push(...r.outputs);
      continue;
    }
    t += step.gap;
    if (step.key === 'Enter' || step.key === 'Tab') {
      const r = routeEnd(state, step.key, t);
      state = r.state;
      out.push(...r.outputs);
      if (!r.isConsumed) passedEnds++;
    } else {
      const r = routeChar(state, step.key, t);
      state = r.state;
      out.push(...r.outputs);
      if (r.isHeld) held.push(step.key);
    }
  }
  return {
    released: out.flatMap((o) => (o.type === 'release' ? o.keys.map((k) => k.key) : [])).join(''),
    scans: out.flatMap((o) => (o.type === 'scan' ? [o.code] : [])),
    passedEnds,
    held,
  };
}

const typed = (text: string, gap: number, first = 400): Step[] => [...text].map((key, i) => ({ key, gap: i === 0 ? first : gap }));
const scanned = (code: string, gap = 2, first = 400): Step[] => [...typed(code, gap, first), { key: 'Enter', gap }];

describe('scan/input-router', () => {
  it.each([
    { name: 'a scanner burst is one scan and no key of it reaches anyone', steps: scanned('HC1:NCFOXN%TS3DH'), released: '', scans: ['HC1:NCFOXN%TS3DH'], passedEnds: 0 },
    { name: 'three fast keys with no Enter are too short to be a scan: released', steps: [...typed('abc', 2), 'IDLE' as const], released: 'abc', scans: [], passedEnds: 0 },
    { name: 'a single key pressed on its own is released by the idle timer', steps: [...typed('1', 0), 'IDLE' as const], released: '1', scans: [], passedEnds: 0 },
    { name: 'a single key then Enter (the G prompt: 1 would choose, Enter confirms code only)', steps: [...typed('g', 0), { key: 'Enter', gap: 300 }], released: 'g', scans: [], passedEnds: 1 },
    { name: 'a fast typist at 40 ms a key: released as typed, Enter goes on', steps: [...typed('110105199003071234', 40), { key: 'Enter', gap: 40 }], released: '110105199003071234', scans: [], passedEnds: 1 },
    { name: 'a slow typist at 120 ms a key', steps: [...typed('36.8', 120), { key: 'Enter', gap: 120 }], released: '36.8', scans: [], passedEnds: 1 },
    { name: 'a thermometer typing its reading at scanner speed is a scan', steps: scanned('36.8'), released: '', scans: ['36.8'], passedEnds: 0 },
    { name: 'Esc after held keys releases them first', steps: [...typed('ab', 60), 'OTHER' as const], released: 'ab', scans: [], passedEnds: 0 },
    { name: 'typing, a pause, then a scan: the typing released, the scan whole', steps: [...typed('I12', 80), ...scanned('HC1:ABCDEFGH')], released: 'I12', scans: ['HC1:ABCDEFGH'], passedEnds: 0 },
    { name: 'a scan that starts right after slow typing (no pause) is still a scan', steps: [...typed('abcd', 90), ...scanned('HC1:ABCDEFGHIJ', 2, 20)], released: 'abcd', scans: ['HC1:ABCDEFGHIJ'], passedEnds: 0 },
    { name: 'a scan with two stalls inside stays a scan', steps: [...typed('HC1:ABCDEF', 2), ...typed('GHIJ', 2, 60), ...typed('KLMN', 2, 90), { key: 'Enter', gap: 2 }], released: '', scans: ['HC1:ABCDEFGHIJKLMN'], passedEnds: 0 },
    { name: 'a scan whose Enter comes after a pause is typing after all: released', steps: [...typed('HC1:AB', 2), { key: 'Enter', gap: 400 }], released: 'HC1:AB', scans: [], passedEnds: 1 },
    { name: 'Enter with nothing before it goes on (a prompt or form gets it)', steps: [{ key: 'Enter', gap: 500 }], released: '', scans: [], passedEnds: 1 },
  ])('$name', ({ steps, released, scans, passedEnds }) => {
    const r = run(steps);
    expect(r.released).toBe(released);
    expect(r.scans).toEqual(scans);
    expect(r.passedEnds).toBe(passedEnds);
  });

  it('a typist\'s keys are held only until the third slow gap, then pass straight through', () => {
    const r = run(typed('abcdefgh', 100));
    expect(r.held).toEqual(['a', 'b', 'c']);
    expect(r.released).toBe('abcdefgh');
  });

  it('a late idle timer inside a burst never cuts the scan: keys stamped within the split gap still end as one scan', () => {
    // The timer fires between two keys of a burst (the page was busy, the rest of the keys not even sent): what came
    // before it had a scanner's pace, so it goes to nobody; keys stamped 2 ms on still continue the burst, whole.
    const r = run([...typed('HC1:', 2), 'IDLE', ...typed('NCFOXN%TS3DH', 2, 2), { key: 'Enter', gap: 2 }]);
    expect(r.released).toBe('');
    expect(r.scans).toEqual(['HC1:NCFOXN%TS3DH']);
  });

  it('a burst at scanner pace that stops without Enter is a cut scan: none of its keys is released', () => {
    const r = run([...typed('HC1:NCFOXN%TS3DH', 2), 'IDLE', ...typed('g', 0, 400), 'IDLE']);
    expect(r.released).toBe('g');
    expect(r.scans).toEqual([]);
  });

  // POLICY: a burst with scanner timing never reaches a prompt as keys. Random printable bursts at 1–8 ms a key,
  // between people typing at 40–120 ms a key (with or without Enter) and idle timers at the pauses: every scanner key
  // ends in exactly its scan, every typed key is released in order, and nothing else.
  it('random bursts at 1–8 ms a key between human typing: bursts are scans, typing is typed, never mixed', () => {
    const printable = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 $%*+-./:GKYRNIMTF'), minLength: 1, maxLength: 40 });
    const human = fc.record({ kind: fc.constant('human' as const), text: printable, gap: fc.integer({ min: 40, max: 120 }), enter: fc.boolean(), idle: fc.boolean() });
    const burst = fc.record({ kind: fc.constant('burst' as const), text: fc.string({ unit: fc.constantFrom(...'HC1:NCFOXN%TS3DH0123456789shc/ .-'), minLength: 4, maxLength: 120 }), gaps: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 121, maxLength: 121 }) });
    fc.assert(fc.property(fc.array(fc.oneof(human, burst), { minLength: 1, maxLength: 8 }), (segments) => {
      const steps: Step[] = [];
      let expectedTyped = '';
      const expectedScans: string[] = [];
      for (const seg of segments) {
        if (seg.kind === 'human') {
          steps.push(...typed(seg.text, seg.gap, 400));
          expectedTyped += seg.text;
          if (seg.enter) steps.push({ key: 'Enter', gap: seg.gap });
          else if (seg.idle) steps.push('IDLE');
        } else {
          [...seg.text].forEach((key, i) => steps.push({ key, gap: i === 0 ? 400 : seg.gaps[i]! }));
          steps.push({ key: 'Enter', gap: seg.gaps[120]! });
          expectedScans.push(seg.text);
        }
      }
      steps.push({ key: 'x', gap: 400 }, 'IDLE'); // a last key after a pause flushes whatever was held
      const r = run(steps);
      expect(r.scans).toEqual(expectedScans);
      expect(r.released).toBe(expectedTyped + 'x');
    }), sized(300));
  }, timeoutFor(300));
});
