// Attaches the keyboard-wedge state machine to the window, wherever the focus is. The hook only feeds events in;
// the timing logic is the pure electron/core/scan/keyboard-wedge.ts.
import { useEffect, useRef } from 'react';
import { DEFAULT_WEDGE_OPTIONS, initialWedgeState, wedgeKey, type WedgeEvent } from '../../../../electron/core/scan/keyboard-wedge';

/** `onIme` is told when an input method is composing: scanner characters would be swallowed by it. */
export function useScannerInput(onEvent: (event: WedgeEvent) => void, enabled = true, onIme?: () => void): void {
  const imeHandler = useRef(onIme);
  imeHandler.current = onIme;
  const handler = useRef(onEvent);
  handler.current = onEvent;

  useEffect(() => {
    if (!enabled) return;
    let state = initialWedgeState;
    let idle: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      // A burst that stopped without Enter is typing (e.g. a number key choosing a category).
      if (state.buffer.length > 0) {
        const text = state.buffer;
        state = initialWedgeState;
        handler.current({ type: 'typing', text });
      }
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
      if (key === 'Tab' && state.buffer.length === 0) return; // plain Tab keeps moving focus
      e.preventDefault();
      const result = wedgeKey(state, key, e.timeStamp, DEFAULT_WEDGE_OPTIONS);
      state = result.state;
      for (const ev of result.events) handler.current(ev);
      if (idle) clearTimeout(idle);
      if (state.buffer.length > 0) idle = setTimeout(flush, DEFAULT_WEDGE_OPTIONS.splitGapMs);
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => {
      window.removeEventListener('keydown', onKeyDown, { capture: true });
      if (idle) clearTimeout(idle);
    };
  }, [enabled]);
}
