// A USB barcode scanner in keyboard mode ("wedge") types its payload as fast key presses ended by Enter (or Tab).
// This pure state machine tells it from a person typing by the gap between keys, and emits whole codes.
// Feed it every printable key and terminator with the event's timestamp; it never reads a clock.

export interface WedgeOptions {
  /** A fast gap: scanners send a key every 1–10 ms; people rarely type under 30 ms. */
  maxGapMs: number;
  /** A pause longer than this always splits a burst (and matches the UI's idle flush, so a category key pressed
   *  before a scan stays separate from it). */
  splitGapMs: number;
  /** Slow gaps (between maxGapMs and splitGapMs) a scan may contain: a busy computer or a USB hiccup can stall a
   *  real scanner's keys once or twice in a long code, while a person typing is slow on nearly every key. */
  slowGapsAllowed: (length: number) => number;
  /** Shortest code accepted as a scan; fewer fast keys then Enter are taken as typing. */
  minLength: number;
  /** Longest code kept; longer input is cut off and reported (a runaway scanner or a stuck key). */
  maxLength: number;
  /** Whether Tab also ends a scan (scanners can be set to send it). */
  tabTerminates: boolean;
}

export const DEFAULT_WEDGE_OPTIONS: WedgeOptions = { maxGapMs: 35, splitGapMs: 150, slowGapsAllowed: (n) => 2 + Math.floor(n / 100), minLength: 4, maxLength: 8192, tabTerminates: true };

export type WedgeEvent =
  | { type: 'progress'; length: number }
  | { type: 'scan'; code: string; firstKeyAt: number; lastKeyAt: number; keys: number; /** gaps over maxGapMs inside it */ stalls: number }
  | { type: 'typing'; text: string; /** the timestamp of its last key */ at: number }
  | { type: 'overflow'; length: number };

export interface WedgeState {
  buffer: string;
  firstAt: number;
  lastAt: number;
  /** Gaps inside the current burst slower than maxGapMs (but not long enough to split it). */
  slowGaps: number;
  overflowed: boolean;
  /** The idle flush has already reported this burst as typing; a key stamped within the split gap still continues it. */
  isFlushed: boolean;
}

export const initialWedgeState: WedgeState = { buffer: '', firstAt: 0, lastAt: 0, slowGaps: 0, overflowed: false, isFlushed: false };

/**
 * One key. `key` is KeyboardEvent.key: a single printable character, 'Enter' or 'Tab'; anything else is ignored.
 * Returns the next state and what to tell the UI. A burst with more slow gaps than a scanner can have is reported as
 * `typing` (the station may ignore it or treat it as manual entry), never as a scan.
 */
export function wedgeKey(state: WedgeState, key: string, at: number, options: WedgeOptions = DEFAULT_WEDGE_OPTIONS): { state: WedgeState; events: WedgeEvent[] } {
  const isEnd = key === 'Enter' || (key === 'Tab' && options.tabTerminates);
  if (isEnd) {
    if (state.buffer.length === 0) return { state, events: [] };
    const events: WedgeEvent[] = [];
    const gap = at - state.lastAt;
    const slowGaps = state.slowGaps + (gap > options.maxGapMs ? 1 : 0);
    const fast = gap <= options.splitGapMs && slowGaps <= options.slowGapsAllowed(state.buffer.length);
    if (state.overflowed) events.push({ type: 'overflow', length: state.buffer.length });
    else if (fast && state.buffer.length >= options.minLength) {
      events.push({ type: 'scan', code: state.buffer, firstKeyAt: state.firstAt, lastKeyAt: at, keys: state.buffer.length + 1, stalls: slowGaps });
    } else if (!state.isFlushed) events.push({ type: 'typing', text: state.buffer, at: state.lastAt });
    return { state: initialWedgeState, events };
  }
  if ([...key].length !== 1) return { state, events: [] };
  const started = { buffer: key, firstAt: at, lastAt: at, slowGaps: 0, overflowed: false, isFlushed: false };
  if (state.buffer.length > 0 && at - state.lastAt > options.splitGapMs) {
    // A pause: what came before was typing (or a scan without its Enter); start a new burst with this key.
    return { state: started, events: state.isFlushed ? [] : [{ type: 'typing', text: state.buffer, at: state.lastAt }] };
  }
  if (state.buffer.length === 0) return { state: started, events: [] };
  if (state.buffer.length >= options.maxLength) {
    return { state: { ...state, lastAt: at, overflowed: true, isFlushed: false }, events: [] };
  }
  const buffer = state.buffer + key;
  const next = { buffer, firstAt: state.firstAt, lastAt: at, slowGaps: state.slowGaps + (at - state.lastAt > options.maxGapMs ? 1 : 0), overflowed: false, isFlushed: false };
  // Tell the UI a long scan is arriving (every 64 characters, so a 1,200-character DCC shows progress without a storm).
  const events: WedgeEvent[] = buffer.length >= options.minLength && buffer.length % 64 === 0 ? [{ type: 'progress', length: buffer.length }] : [];
  return { state: next, events };
}

/**
 * The UI's idle flush: no key has come for the split gap by the UI's clock, so a burst that stopped without Enter is
 * reported as typing (a number key choosing a category reacts now, not at the next key). The burst is kept: keys
 * that were typed in time but reached the page late (queued behind a busy main thread) carry timestamps within the
 * split gap and still continue it, so a timer that runs late can report typing early but never cut a scan in two.
 */
export function wedgeIdle(state: WedgeState): { state: WedgeState; events: WedgeEvent[] } {
  if (state.buffer.length === 0 || state.isFlushed || state.overflowed) return { state, events: [] };
  return { state: { ...state, isFlushed: true }, events: [{ type: 'typing', text: state.buffer, at: state.lastAt }] };
}
