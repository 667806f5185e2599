// The one place every key goes first. A scanner in keyboard mode and a person share the keyboard: before a prompt,
// a dialog, a PIN field or a search box sees a key, this state machine decides — from the keys' own timestamps — whether
// it belongs to a scanner's burst (then the whole burst is a scan, and no prompt ever sees its keys) or was typed.
// Pure and clock-free like keyboard-wedge.ts, which it wraps: the UI feeds it keys and its idle timer, and acts on what
// it says.
import { DEFAULT_WEDGE_OPTIONS, initialWedgeState, wedgeIdle, wedgeKey, type WedgeEvent, type WedgeOptions, type WedgeState } from './keyboard-wedge';

/** A key as the router keeps it: the key and its event timestamp. */
export interface TimedKey {
  key: string;
  at: number;
  /** Its place in its burst: 0 for a key on its own or the first of a word typed. */
  index: number;
}

export interface RouterOptions extends WedgeOptions {
  /**
   * Slow gaps in a row after which a burst is a person typing: its held keys are released at once (so a typist's
   * keys reach a prompt without waiting for a pause), and its next slow keys pass straight through. A scanner stalls
   * once or twice in a long code, never on three keys running; people are slow on nearly every key.
   */
  typingAfterSlowGaps: number;
}

export const DEFAULT_ROUTER_OPTIONS: RouterOptions = { ...DEFAULT_WEDGE_OPTIONS, typingAfterSlowGaps: 3 };

export interface RouterState {
  wedge: WedgeState;
  /** Keys of the current burst not yet given to anyone: held until the burst shows what it is. */
  held: TimedKey[];
  /** The current burst has shown human timing (see typingAfterSlowGaps): its slow keys pass as typed. */
  isTyping: boolean;
  /** Slow gaps in a row at the end of the current burst. */
  slowRun: number;
}

export const initialRouterState: RouterState = { wedge: initialWedgeState, held: [], isTyping: false, slowRun: 0 };

export type RouterOutput =
  /** Keys typed by a person, in order: give them to whatever has the focus. */
  | { type: 'release'; keys: TimedKey[] }
  /** A scanner's burst: the keys were never given to anyone (or, where they were typed into a field, take them back). */
  | { type: 'scan'; code: string; firstKeyAt: number; lastKeyAt: number; stalls: number }
  | { type: 'progress'; length: number }
  | { type: 'overflow'; length: number }
  /** A burst with scanner timing that stopped without its Enter: a scan cut short. Its keys go to nobody (take back any typed into a field). */
  | { type: 'cut'; length: number };

export interface RouterStep {
  state: RouterState;
  outputs: RouterOutput[];
  /** This key is part of a burst still undecided: the UI holds it back (it is in `held`). */
  isHeld: boolean;
  /** This key starts a new candidate burst: a field that gets keys as they come is remembered as it is now. */
  isBurstStart: boolean;
}

function fromWedge(events: WedgeEvent[]): RouterOutput[] {
  const out: RouterOutput[] = [];
  for (const e of events) {
    if (e.type === 'scan') out.push({ type: 'scan', code: e.code, firstKeyAt: e.firstKeyAt, lastKeyAt: e.lastKeyAt, stalls: e.stalls });
    else if (e.type === 'progress' || e.type === 'overflow') out.push(e);
  }
  return out;
}

const release = (keys: TimedKey[]): RouterOutput[] => (keys.length ? [{ type: 'release', keys }] : []);

/**
 * One printable character (KeyboardEvent.key of length one) at its event timestamp. A key that continues a burst
 * still undecided is held; a burst that shows human timing releases what it held; a pause releases the burst before it.
 */
export function routeChar(state: RouterState, key: string, at: number, options: RouterOptions = DEFAULT_ROUTER_OPTIONS): RouterStep {
  const outputs: RouterOutput[] = [];
  let s = state;
  const hasBurst = s.wedge.buffer.length > 0;
  const gap = hasBurst ? at - s.wedge.lastAt : Infinity;
  // A pause (or a fast key after a person's slow ones: a scanner may start right after typing) ends the burst before.
  if (hasBurst && (gap > options.splitGapMs || (s.isTyping && gap <= options.maxGapMs))) {
    outputs.push(...release(s.held));
    s = initialRouterState;
  }
  const isBurstStart = s.wedge.buffer.length === 0;
  const slowRun = isBurstStart ? 0 : gap > options.maxGapMs ? s.slowRun + 1 : 0;
  const index = s.wedge.buffer.length;
  const fed = wedgeKey(s.wedge, key, at, options);
  outputs.push(...fromWedge(fed.events));
  if (s.isTyping) {
    outputs.push(...release([{ key, at, index }]));
    return { state: { ...s, wedge: fed.state, slowRun }, outputs, isHeld: false, isBurstStart };
  }
  const held = [...s.held, { key, at, index }];
  if (slowRun >= options.typingAfterSlowGaps) {
    outputs.push(...release(held));
    return { state: { wedge: fed.state, held: [], isTyping: true, slowRun }, outputs, isHeld: false, isBurstStart };
  }
  return { state: { wedge: fed.state, held, isTyping: false, slowRun }, outputs, isHeld: true, isBurstStart };
}

/**
 * Enter or Tab. Ending a burst with scanner timing, it is a scan and the terminator is the scanner's (`isConsumed`):
 * nobody gets it. Otherwise the held keys are released and the terminator goes on as the person's key.
 */
export function routeEnd(state: RouterState, key: 'Enter' | 'Tab', at: number, options: RouterOptions = DEFAULT_ROUTER_OPTIONS): { state: RouterState; outputs: RouterOutput[]; isConsumed: boolean } {
  if (state.wedge.buffer.length === 0) return { state, outputs: [], isConsumed: false };
  if (state.isTyping) return { state: initialRouterState, outputs: [], isConsumed: false };
  const fed = wedgeKey(state.wedge, key, at, options);
  const outputs = fromWedge(fed.events);
  const isScan = outputs.some((o) => o.type === 'scan' || o.type === 'overflow');
  if (!isScan) outputs.push(...release(state.held));
  return { state: initialRouterState, outputs, isConsumed: isScan };
}

/**
 * The UI's idle timer: no key for the split gap. The held keys were typed (a single key pressed on its own, a number
 * key choosing a category). The burst stays open (keyboard-wedge's idle flush): a key stamped within the split gap
 * that reaches the page late still continues it, so a timer that runs late never cuts a scan in two.
 */
export function routeIdle(state: RouterState, options: RouterOptions = DEFAULT_ROUTER_OPTIONS): { state: RouterState; outputs: RouterOutput[] } {
  if (state.held.length === 0) return { state, outputs: [] };
  const next = { ...state, wedge: wedgeIdle(state.wedge).state, held: [] };
  // Keys at a scanner's pace that stopped without Enter are a scan cut short (or a scanner set to send no Enter),
  // never a person's keys: a prompt must not take the 1 of "HC1:". A scan that goes on within the split gap is whole.
  const { buffer, slowGaps } = state.wedge;
  if (!state.isTyping && state.held.length >= options.minLength && slowGaps <= options.slowGapsAllowed(buffer.length)) {
    return { state: next, outputs: [{ type: 'cut', length: state.held.length }] };
  }
  return { state: next, outputs: release(state.held) };
}

/**
 * Any other key (Escape, a function key, Backspace, an arrow, a shortcut with Ctrl): a person pressed it, so the burst
 * before it was typed; its held keys are released ahead of it, and the next character starts afresh.
 */
export function routeOther(state: RouterState): { state: RouterState; outputs: RouterOutput[] } {
  if (state.wedge.buffer.length === 0) return { state, outputs: [] };
  return { state: initialRouterState, outputs: release(state.held) };
}
