// A serial-mode scanner's bytes, cut into scans (issue 32). Pure: the text decoded so far comes in chunks, as the port
// hands it over, and each call says what became of it. CR, LF and CRLF each end a scan by default; with `gap` a quiet
// gap ends it instead (a scanner set to send no terminator). What no scan can be is said, never checked: a line over
// the longest code (dropped to its end), control characters or undecodable bytes (binary garbage).

export type SerialTerminator = 'any' | 'gap';

export interface SerialLineOptions {
  terminator: SerialTerminator;
  /** The quiet gap that ends a scan with `gap` (ms). */
  gapMs: number;
  /** The longest scan (characters): the longest code the check takes. */
  maxLength: number;
}

export const SERIAL_DEFAULTS: SerialLineOptions = { terminator: 'any', gapMs: 50, maxLength: 8192 };

export type SerialOutput =
  | { type: 'scan'; code: string }
  /** A line longer than any code: dropped to its end. */
  | { type: 'overflow'; length: number }
  /** A line holding control characters or bytes that are not text. */
  | { type: 'garbage'; length: number };

export interface SerialLineState {
  line: string;
  /** The current line went over the limit: everything to its end is dropped. */
  overflowing: number;
}

export const initialSerialState: SerialLineState = { line: '', overflowing: 0 };

// eslint-disable-next-line no-control-regex -- the controls are what this finds
const GARBAGE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffd]/;

function finish(state: SerialLineState, out: SerialOutput[]): SerialLineState {
  if (state.overflowing > 0) out.push({ type: 'overflow', length: state.overflowing });
  else {
    const code = state.line.replace(/^[\t ]+|[\t ]+$/g, '');
    if (code.length > 0) out.push(GARBAGE.test(code) ? { type: 'garbage', length: code.length } : { type: 'scan', code });
  }
  return initialSerialState;
}

/** Text from the port: scans ended by CR, LF or CRLF (with `any`), and what could not be one. */
export function feedSerial(state: SerialLineState, text: string, options: SerialLineOptions = SERIAL_DEFAULTS): { state: SerialLineState; outputs: SerialOutput[] } {
  const out: SerialOutput[] = [];
  let s = state;
  let start = 0;
  const add = (piece: string) => {
    if (piece.length === 0) return;
    if (s.overflowing > 0) s = { line: '', overflowing: s.overflowing + piece.length };
    else if (s.line.length + piece.length > options.maxLength) s = { line: '', overflowing: s.line.length + piece.length };
    else s = { line: s.line + piece, overflowing: 0 };
  };
  if (options.terminator === 'any') {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 13 && c !== 10) continue;
      add(text.slice(start, i));
      s = finish(s, out);
      start = i + 1;
    }
  }
  add(text.slice(start));
  return { state: s, outputs: out };
}

/** The quiet gap passed (`gap` mode), or the port closed: what is held is a scan (or said to be none). */
export function flushSerial(state: SerialLineState): { state: SerialLineState; outputs: SerialOutput[] } {
  const out: SerialOutput[] = [];
  return { state: finish(state, out), outputs: out };
}
