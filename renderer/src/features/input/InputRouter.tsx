// The one input router in front of every screen, prompt and dialog. Every key reaches it first (window, capture
// phase); the pure electron/core/scan/input-router.ts decides from the keys' own timestamps whether they are a
// scanner's burst or a person typing. A burst is never delivered as keys: it goes to the topmost layer's onScan (the
// station closes an open prompt and checks it as the next entrant; other screens say 扫码已忽略). Typed keys go to
// the topmost layer, or into the focused field.
//
// Where keys go meanwhile: a field that takes characters itself (a text input, a select) gets them as they come, so
// typing hints stay current, and is put back as it was if the burst turns out to be a scan; anywhere else (a key
// prompt, the station, a button) a key is held until its burst is decided, then released to the topmost layer.
import { markScan } from '../scan-station/scan-marks';
import { createContext, useContext, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { initialRouterState, routeChar, routeEnd, routeIdle, routeOther, DEFAULT_ROUTER_OPTIONS, type RouterOutput, type RouterState } from '../../../../electron/core/scan/input-router';
import { useWords } from '../../words';
import { gate } from '../../gate';

export interface ScanInput {
  code: string;
  /** Gaps over the scanner's usual pace inside the burst (a code cut by a stall fails differently from a forgery). */
  stalls: number;
  /** A serial scanner's scan: its id, by which the check takes the code the port sent (once). */
  serialId?: number | undefined;
}

export interface InputLayer {
  /** A scanner's burst while this layer is on top; 'ignore' drops it with a visible "scan ignored". */
  onScan: ((scan: ScanInput) => void) | 'ignore';
  /**
   * A key a person pressed: a character (with its place in its burst: 0 for a key on its own or the first of a
   * word typed), or a named key (Enter, Escape, F1…; index 0). True when taken.
   */
  onKey?: (key: string, at: number, index: number) => boolean;
  /** A long scan arriving (characters so far). */
  onProgress?: (length: number) => void;
  /** A burst longer than any code (a stuck key): dropped. */
  onOverflow?: () => void;
  /** An input method is composing: scanner keys would be swallowed by it. */
  onIme?: () => void;
  /** A prompt or dialog: above every screen, and a character key it does not take goes nowhere else. */
  isModal?: boolean;
}

interface Registered {
  layer: { current: InputLayer };
  seq: number;
}

interface Registry {
  add: (layer: { current: InputLayer }) => () => void;
}

const RouterContext = createContext<Registry | undefined>(undefined);

/** Form controls that take characters themselves: they get a burst's keys as they come, and are put back after a scan. */
function isCharField(el: Element | null): el is HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement {
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (!(el instanceof HTMLInputElement) || el.dataset.scanSink || el.readOnly) return false;
  return !['button', 'submit', 'reset', 'image', 'file', 'range', 'color'].includes(el.type);
}

interface Snapshot {
  el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
  value: string;
  checked: boolean;
  selection: [number | null, number | null] | undefined;
}

function snapshotOf(el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement): Snapshot {
  let selection: Snapshot['selection'];
  try {
    selection = el instanceof HTMLSelectElement ? undefined : [el.selectionStart, el.selectionEnd];
  } catch {
    selection = undefined; // inputs such as type=number have no selection
  }
  return { el, value: el.value, checked: el instanceof HTMLInputElement ? el.checked : false, selection };
}

/** Puts a field back as it was before a burst, telling React (through the same events typing fires). */
function restore(s: Snapshot): void {
  const { el } = s;
  if (!el.isConnected) return;
  if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
    if (el.checked !== s.checked) el.click();
    return;
  }
  if (el.value === s.value) return;
  const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, s.value);
  if (s.selection && !(el instanceof HTMLSelectElement)) {
    try {
      el.setSelectionRange(s.selection[0], s.selection[1]);
    } catch { /* no selection on this input type */ }
  }
  el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
}

/** Types a released character into a text field, as the keyboard would (React sees the input event). */
function insertChar(el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, key: string): void {
  if (el instanceof HTMLSelectElement) return;
  if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
    if (key === ' ') el.click();
    return;
  }
  if (document.execCommand('insertText', false, key)) return;
  // Where execCommand is not available: the value setter, then the input event.
  const at = el.selectionStart ?? el.value.length;
  const next = el.value.slice(0, at) + key + el.value.slice(el.selectionEnd ?? at);
  if (el.maxLength > 0 && next.length > el.maxLength) return;
  Object.getOwnPropertyDescriptor(el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype, 'value')?.set?.call(el, next);
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

/** Whether input events are waiting (Chromium): the page is behind, and an idle timer must not cut a burst short. */
function isInputPending(): boolean {
  const scheduling = (navigator as Navigator & { scheduling?: { isInputPending?: () => boolean } }).scheduling;
  try {
    return scheduling?.isInputPending?.() === true;
  } catch {
    return false;
  }
}

const NOTICE_MS = 4000;

export function InputRouterProvider({ children }: { children: ReactNode }) {
  const { t } = useWords();
  const layers = useRef<Registered[]>([]);
  const [notice, setNoticeOf] = useState<{ key: 'scanIgnored' | 'scanCut'; at: number }>();
  const registry = useRef<Registry>({
    add(layer) {
      const entry = { layer, seq: (layers.current.at(-1)?.seq ?? 0) + 1 };
      layers.current = [...layers.current, entry];
      return () => {
        layers.current = layers.current.filter((l) => l !== entry);
      };
    },
  });

  useLayoutEffect(() => {
    let state: RouterState = initialRouterState;
    /** Keys taken in and not yet released or scanned, and whether each already went to its field by itself. */
    let pending: { native: boolean }[] = [];
    let snapshot: Snapshot | undefined;
    let idle: ReturnType<typeof setTimeout> | undefined;
    /** Key codes whose keydown was held: their keyup is held too (a button acts on Space's keyup). */
    const heldCodes = new Set<string>();

    /** Layers from the top down: prompts and dialogs above screens, the latest first. */
    const ordered = () => [...layers.current].sort((a, b) => Number(b.layer.current.isModal === true) - Number(a.layer.current.isModal === true) || b.seq - a.seq).map((l) => l.layer.current);

    /** A person's key, to the top layer (and, for a named key a layer leaves, the ones below it). */
    const deliverKey = (key: string, at: number, index: number, isNamed: boolean): boolean => {
      for (const layer of ordered()) {
        let taken = false;
        flushSync(() => {
          taken = layer.onKey?.(key, at, index) ?? false;
        });
        if (taken) return true;
        // A prompt keeps the characters it does not take; function keys (F1: an emergency never waits) go on down.
        if (layer.isModal && !(isNamed && /^F\d+$/.test(key))) return false;
      }
      return false;
    };

    const onOutputs = (outputs: RouterOutput[]) => {
      for (const out of outputs) {
        if (out.type === 'release') {
          const taken = pending.splice(0, out.keys.length);
          out.keys.forEach((k, i) => {
            if (taken[i]?.native) return;
            if (deliverKey(k.key, k.at, k.index, false)) return;
            const focus = document.activeElement;
            if (isCharField(focus)) insertChar(focus, k.key);
            else if (focus instanceof HTMLButtonElement && k.key === ' ') focus.click();
          });
          if (pending.length === 0) snapshot = undefined;
        } else if (out.type === 'scan') {
          if (pending.some((p) => p.native) && snapshot) restore(snapshot);
          pending = [];
          snapshot = undefined;
          const top = ordered()[0];
          if (!top || top.onScan === 'ignore') setNoticeOf({ key: 'scanIgnored', at: Date.now() });
          else top.onScan({ code: out.code, stalls: out.stalls });
        } else if (out.type === 'progress') {
          ordered().find((l) => l.onProgress)?.onProgress?.(out.length);
        } else if (out.type === 'cut') {
          // A scan cut short: its keys go to nobody, and the next scan is whole.
          if (pending.some((p) => p.native) && snapshot) restore(snapshot);
          pending = [];
          snapshot = undefined;
          setNoticeOf({ key: 'scanCut', at: Date.now() });
        } else {
          if (snapshot) restore(snapshot);
          pending = [];
          snapshot = undefined;
          ordered().find((l) => l.onOverflow)?.onOverflow?.();
        }
      }
    };

    const armIdle = () => {
      if (idle) clearTimeout(idle);
      idle = undefined;
      if (state.held.length === 0) return;
      idle = setTimeout(function fire() {
        // Keys already waiting to be handled belong to the burst: let them in first.
        if (isInputPending()) {
          idle = setTimeout(fire, 10);
          return;
        }
        idle = undefined;
        const r = routeIdle(state);
        state = r.state;
        onOutputs(r.outputs);
      }, DEFAULT_ROUTER_OPTIONS.splitGapMs);
    };

    const hold = (e: KeyboardEvent) => {
      e.preventDefault();
      e.stopPropagation();
      if (e.code) heldCodes.add(e.code);
    };

    const onKeyDown = (e: KeyboardEvent) => {
      if (e.isComposing || e.key === 'Process') {
        for (const l of ordered()) l.onIme?.();
        return;
      }
      const key = e.key;
      const at = e.timeStamp;
      if (!e.ctrlKey && !e.altKey && !e.metaKey && [...key].length === 1) {
        const focus = document.activeElement;
        const isNative = isCharField(focus);
        const step = routeChar(state, key, at);
        // The releases this key causes come first (what was typed before it), then this key's own fate.
        const before = step.outputs;
        state = step.state;
        if (step.isBurstStart) snapshot = isNative ? snapshotOf(focus) : undefined;
        pending.push({ native: isNative });
        if (!isNative) hold(e);
        onOutputs(before);
        armIdle();
        return;
      }
      if (key === 'Enter' || key === 'Tab') {
        const r = routeEnd(state, key, at);
        state = r.state;
        if (r.isConsumed) hold(e);
        onOutputs(r.outputs);
        armIdle();
        if (r.isConsumed) return;
      } else if (!['Shift', 'CapsLock'].includes(key)) {
        const r = routeOther(state);
        state = r.state;
        onOutputs(r.outputs);
        armIdle();
      } else return;
      if (!e.ctrlKey && !e.altKey && !e.metaKey && deliverKey(key, at, 0, true)) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    const onKeyUp = (e: KeyboardEvent) => {
      if (!e.code || !heldCodes.delete(e.code)) return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener('keydown', onKeyDown, true);
    window.addEventListener('keyup', onKeyUp, true);
    // A serial scanner's scan is a scan like a keyboard one, under the same rules: the top layer gets it (a prompt
    // closes, the lock screen drops it, Settings and the register say it was ignored). It never was keys.
    const offSerial = gate.on('serialScan', (s) => {
      markScan('gate:serial');
      const top = ordered()[0];
      if (!top || top.onScan === 'ignore') setNoticeOf({ key: 'scanIgnored', at: Date.now() });
      else top.onScan({ code: s.code, stalls: 0, serialId: s.id });
    });
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      window.removeEventListener('keyup', onKeyUp, true);
      offSerial();
      if (idle) clearTimeout(idle);
    };
  }, []);

  // The notice goes by itself.
  useLayoutEffect(() => {
    if (notice === undefined) return;
    const timer = setTimeout(() => setNoticeOf(undefined), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  return (
    <RouterContext.Provider value={registry.current}>
      {children}
      {notice && <div className="scan-ignored" role="alert" data-notice={notice.key === 'scanIgnored' ? 'scan-ignored' : 'scan-cut'} key={notice.at}>{t(notice.key)}</div>}
    </RouterContext.Provider>
  );
}

/**
 * Puts a layer on the router while the component is on screen (and `isActive`): in a layout effect, so it takes keys
 * from the same task the component appears in. The latest handlers are always the ones called.
 */
export function useInputLayer(layer: InputLayer, isActive = true): void {
  const registry = useContext(RouterContext);
  const ref = useRef(layer);
  useLayoutEffect(() => {
    ref.current = layer;
  });
  useLayoutEffect(() => {
    if (!registry || !isActive) return;
    return registry.add(ref);
  }, [registry, isActive]);
}
