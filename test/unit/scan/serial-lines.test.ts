import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { feedSerial, flushSerial, initialSerialState, SERIAL_DEFAULTS, type SerialLineOptions, type SerialOutput } from '../../../electron/core/scan/serial-lines';
import { sized, timeoutFor } from '../../support/property';

/** Feeds the chunks in order and returns every output. */
function run(chunks: string[], options: SerialLineOptions = SERIAL_DEFAULTS): { outputs: SerialOutput[]; held: string } {
  let state = initialSerialState;
  const outputs: SerialOutput[] = [];
  for (const c of chunks) {
    const r = feedSerial(state, c, options);
    state = r.state;
    outputs.push(...r.outputs);
  }
  return { outputs, held: state.line };
}

describe('core/scan/serial-lines', () => {
  it.each([
    ['CR ends a scan', ['HC1:ABC\r'], [{ type: 'scan', code: 'HC1:ABC' }]],
    ['LF ends a scan', ['HC1:ABC\n'], [{ type: 'scan', code: 'HC1:ABC' }]],
    ['CRLF ends one scan, not two', ['HC1:ABC\r\n'], [{ type: 'scan', code: 'HC1:ABC' }]],
    ['a scan in pieces', ['HC1:', 'AB', 'C\r', '\n'], [{ type: 'scan', code: 'HC1:ABC' }]],
    ['two scans in one read', ['A-1\r\nB-2\r\n'], [{ type: 'scan', code: 'A-1' }, { type: 'scan', code: 'B-2' }]],
    ['empty lines are nothing', ['\r\n\r\n\n'], []],
    ['spaces and tabs around a code go', [' \tX-9 \r'], [{ type: 'scan', code: 'X-9' }]],
    ['binary garbage is said, never checked', ['\u0000\u0001\u00ff\u0002junk\r'], [{ type: 'garbage', length: 8 }]],
    ['undecodable bytes (U+FFFD) are garbage', ['abc\ufffd\r'], [{ type: 'garbage', length: 4 }]],
    ['a line without its end is held, not checked', ['HC1:ABC'], []],
  ] as const)('%s', (_name, chunks, outputs) => {
    expect(run([...chunks]).outputs).toEqual(outputs);
  });

  it('an endless line is dropped to its end (one overflow), and the next scan is whole', () => {
    const options = { ...SERIAL_DEFAULTS, maxLength: 100 };
    const r = run(['x'.repeat(60), 'x'.repeat(60), 'x'.repeat(500), '\r\nGOOD-1\r\n'], options);
    expect(r.outputs).toEqual([{ type: 'overflow', length: 620 }, { type: 'scan', code: 'GOOD-1' }]);
  });

  it('with a quiet gap for the end, a scan ends when flushed', () => {
    const options = { ...SERIAL_DEFAULTS, terminator: 'gap' as const };
    let { state } = feedSerial(initialSerialState, 'NO-TERMINATOR-1', options);
    ({ state } = feedSerial(state, '23', options));
    expect(flushSerial(state).outputs).toEqual([{ type: 'scan', code: 'NO-TERMINATOR-123' }]);
  });

  it('however the port cuts the bytes into reads, the scans are the same', () => {
    const code = fc.stringMatching(/^[A-Za-z0-9:/+.$%*-]{1,60}$/);
    const end = fc.constantFrom('\r', '\n', '\r\n');
    fc.assert(fc.property(fc.array(fc.tuple(code, end), { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 10 }), (scans, cuts) => {
      const text = scans.map(([c, e]) => c + e).join('');
      const points = [...new Set(cuts.map((n) => n % (text.length + 1)))].sort((a, b) => a - b);
      const chunks = [0, ...points, text.length].slice(1).map((p, i, all) => text.slice(i === 0 ? 0 : all[i - 1]!, p));
      expect(run(chunks).outputs).toEqual(scans.map(([c]) => ({ type: 'scan', code: c })));
    }), sized(200));
  }, timeoutFor(200));
});
