// A USB barcode scanner in keyboard mode ("wedge") types its payload as fast key presses ended by Enter (or Tab).
// This pure state machine tells it from a person typing by the gap between keys, and emits whole codes.
// Feed it every printable key and terminator with the event's timestamp; it never reads a clock.

export interface WedgeOptions {
  /** Longest gap between two keys of one scan. Scanners send a key every 1–10 ms; people rarely type under 30 ms. */
  maxGapMs: number;
  /** Shortest code accepted as a scan; fewer fast keys then Enter are taken as typing. */
  minLength: number;
  /** Longest code kept; longer input is cut off and reported (a runaway scanner or a stuck key). */
  maxLength: number;
  /** Whether Tab also ends a scan (scanners can be set to send it). */
  tabTerminates: boolean;
}

export const DEFAULT_WEDGE_OPTIONS: WedgeOptions = { maxGapMs: 35, minLength: 4, maxLength: 8192, tabTerminates: true };

export type WedgeEvent =
  | { type: 'progress'; length: number }
  | { type: 'scan'; code: string; firstKeyAt: number; lastKeyAt: number; keys: number }
  | { type: 'typing'; text: string }
  | { type: 'overflow'; length: number };

export interface WedgeState {
  buffer: string;
  firstAt: number;
  lastAt: number;
  /** Largest gap seen inside the current burst. */
  maxGap: number;
  overflowed: boolean;
}

export const initialWedgeState: WedgeState = { buffer: '', firstAt: 0, lastAt: 0, maxGap: 0, overflowed: false };

/**
 * One key. `key` is KeyboardEvent.key: a single printable character, 'Enter' or 'Tab'; anything else is ignored.
 * Returns the next state and what to tell the UI. A burst whose keys came slower than `maxGapMs` is reported as
 * `typing` (the station may ignore it or treat it as manual entry), never as a scan.
 */
export function wedgeKey(state: WedgeState, key: string, at: number, options: WedgeOptions = DEFAULT_WEDGE_OPTIONS): { state: WedgeState; events: WedgeEvent[] } {
  const isEnd = key === 'Enter' || (key === 'Tab' && options.tabTerminates);
  if (isEnd) {
    if (state.buffer.length === 0) return { state, events: [] };
    const events: WedgeEvent[] = [];
    const gap = at - state.lastAt;
    const fast = state.maxGap <= options.maxGapMs && gap <= options.maxGapMs;
    if (state.overflowed) events.push({ type: 'overflow', length: state.buffer.length });
    else if (fast && state.buffer.length >= options.minLength) {
      events.push({ type: 'scan', code: state.buffer, firstKeyAt: state.firstAt, lastKeyAt: at, keys: state.buffer.length + 1 });
    } else events.push({ type: 'typing', text: state.buffer });
    return { state: initialWedgeState, events };
  }
  if ([...key].length !== 1) return { state, events: [] };
  if (state.buffer.length > 0 && at - state.lastAt > options.maxGapMs) {
    // A pause: what came before was typing (or a scan without its Enter); start a new burst with this key.
    return { state: { buffer: key, firstAt: at, lastAt: at, maxGap: 0, overflowed: false }, events: [{ type: 'typing', text: state.buffer }] };
  }
  if (state.buffer.length === 0) {
    return { state: { buffer: key, firstAt: at, lastAt: at, maxGap: 0, overflowed: false }, events: [] };
  }
  if (state.buffer.length >= options.maxLength) {
    return { state: { ...state, lastAt: at, overflowed: true }, events: [] };
  }
  const buffer = state.buffer + key;
  const next = { buffer, firstAt: state.firstAt, lastAt: at, maxGap: Math.max(state.maxGap, at - state.lastAt), overflowed: false };
  // Tell the UI a long scan is arriving (every 64 characters, so a 1,200-character DCC shows progress without a storm).
  const events: WedgeEvent[] = buffer.length >= options.minLength && buffer.length % 64 === 0 ? [{ type: 'progress', length: buffer.length }] : [];
  return { state: next, events };
}
