// Attaches the keyboard-wedge state machine to the window, wherever the focus is. The hook only feeds events in;
// the timing logic is the pure electron/core/scan/keyboard-wedge.ts.
import { useLayoutEffect, useRef } from 'react';
import { DEFAULT_WEDGE_OPTIONS, initialWedgeState, wedgeIdle, wedgeKey, type WedgeEvent } from '../../../../electron/core/scan/keyboard-wedge';

/** `onIme` is told when an input method is composing: scanner characters would be swallowed by it. */
export function useScannerInput(onEvent: (event: WedgeEvent) => void, enabled = true, onIme?: () => void): void {
  // The latest callbacks, for the listener attached once below.
  const imeHandler = useRef(onIme);
  const handler = useRef(onEvent);
  useLayoutEffect(() => {
    imeHandler.current = onIme;
    handler.current = onEvent;
  });

  // Attached and detached in the same task as the screen changes (a layout effect): when a prompt opens, the wedge is
  // off before any key can reach it, and the prompt already listens.
  useLayoutEffect(() => {
    if (!enabled) return;
    let state = initialWedgeState;
    let idle: ReturnType<typeof setTimeout> | undefined;
    // A burst that stopped without Enter is typing (e.g. a number key choosing a category). Whether later keys still
    // belong to it is decided by their event timestamps in the wedge, never by when this timer happens to run.
    const onIdle = () => {
      const result = wedgeIdle(state);
      state = result.state;
      for (const ev of result.events) handler.current(ev);
    };
    const onKeyDown = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') && !target.dataset.scanSink) return;
      if (e.isComposing || e.key === 'Process') {
        imeHandler.current?.();
        return;
      }
      if (e.ctrlKey || e.altKey || e.metaKey) return;
      const key = e.key;
      if (key !== 'Enter' && key !== 'Tab' && [...key].length !== 1) return;
      // Plain Tab keeps moving focus: with no burst, or after one already reported as typing and long over.
      if (key === 'Tab' && (state.buffer.length === 0 || (state.isFlushed && e.timeStamp - state.lastAt > DEFAULT_WEDGE_OPTIONS.splitGapMs))) return;
      e.preventDefault();
      const result = wedgeKey(state, key, e.timeStamp, DEFAULT_WEDGE_OPTIONS);
      state = result.state;
      for (const ev of result.events) handler.current(ev);
      if (idle) clearTimeout(idle);
      if (state.buffer.length > 0) idle = setTimeout(onIdle, DEFAULT_WEDGE_OPTIONS.splitGapMs);
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => {
      window.removeEventListener('keydown', onKeyDown, { capture: true });
      if (idle) clearTimeout(idle);
    };
  }, [enabled]);
}
