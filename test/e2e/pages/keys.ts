// Keys with explicit event timestamps. Chromium's DevTools `Input.dispatchKeyEvent` takes a `timestamp`, and the page
// sees it as `KeyboardEvent.timeStamp`: the keyboard wedge then measures the gaps given here, not the gaps a busy
// machine happens to leave between two round trips of the test process. Every spec's scans go through this class.
import type { CDPSession, Page } from '@playwright/test';

export type Terminator = 'Enter' | 'Tab';

export interface KeyOptions {
  /** The gap between two keys, by timestamp (a USB scanner sends one every 1–10 ms). */
  msPerKey?: number;
  /** The key that ends the scan; `null` sends none (the burst is continued by a later call or left to the idle flush). */
  terminator?: Terminator | null;
  /** Continue the previous call's burst: its first key comes `msPerKey` after that call's last. */
  continues?: boolean;
  /** At least this long (by timestamp) after the previous call's last key; 400 ms by default. */
  afterMs?: number;
}

const SPECIAL: Record<Terminator, { key: string; code: string; windowsVirtualKeyCode: number; text?: string }> = {
  Enter: { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, text: '\r' },
  Tab: { key: 'Tab', code: 'Tab', windowsVirtualKeyCode: 9 },
};

/**
 * Run in the page (as text: no bundler helpers there): its time origin, and the time (ms since the epoch) of the latest
 * key it has seen, by a listener this installs once per page on the window's capture phase (the station stops no key there before it).
 */
const LAST_KEY_IN_PAGE = `(() => {
  if (window.__gateLastKeyAt === undefined) {
    window.__gateLastKeyAt = 0;
    window.addEventListener('keydown', (e) => { window.__gateLastKeyAt = Math.max(window.__gateLastKeyAt, performance.timeOrigin + e.timeStamp); }, true);
  }
  return { origin: performance.timeOrigin, lastKey: window.__gateLastKeyAt };
})()`;

/** A gap between two separate calls, longer than the wedge's split gap, so two scans never run together. */
const BETWEEN_CALLS_MS = 400;

export class TimedKeys {
  private session: Promise<CDPSession> | undefined;
  /** The timestamp (ms since the epoch) of the last key sent. */
  private lastAt = 0;

  constructor(private readonly page: Page) {}

  /**
   * Sends `text` (then the terminator) as key events stamped `msPerKey` apart, to whatever has the focus, as a
   * keyboard-wedge scanner would. All events are queued at once and the call returns when the page has handled
   * every one of them.
   */
  async type(text: string, options: KeyOptions = {}): Promise<void> {
    const { msPerKey = 2, terminator = 'Enter', continues = false, afterMs = BETWEEN_CALLS_MS } = options;
    const cdp = await (this.session ??= this.page.context().newCDPSession(this.page));
    const keys: { key: string; code?: string; windowsVirtualKeyCode?: number; text?: string }[] = [...text].map((ch) => ({ key: ch, text: ch }));
    if (terminator) keys.push(SPECIAL[terminator]);
    // Stamped so the burst ends now (real keys are always in the past when they arrive), never overlapping the last,
    // and never before the page's own time origin: Chromium clamps an earlier stamp to 0, which would turn a person's
    // slow keys into one instant (a fresh page on a busy machine is younger than the burst it is sent).
    // Keys pressed by other means (Playwright's keyboard, in a prompt) count too: the page notes the latest key it saw,
    // and a burst stamped before it would be a scanner typing into the past (the keys bench once lost a certificate
    // typed right after a prompt's key that way).
    const { origin, lastKey } = (await this.page.evaluate(LAST_KEY_IN_PAGE)) as { origin: number; lastKey: number };
    const span = (keys.length - 1) * msPerKey;
    const start = continues ? this.lastAt + msPerKey : Math.max(Date.now() - span, this.lastAt + afterMs, lastKey + afterMs, origin + 20);
    // A stamp in the future is not a key anyone pressed yet: wait (by the clock, not a fixed sleep) until the burst is past.
    while (start + span > Date.now()) await new Promise((r) => setTimeout(r, Math.min(50, start + span - Date.now() + 1)));
    const sent: Promise<unknown>[] = [];
    keys.forEach((k, i) => {
      const at = start + i * msPerKey;
      // Seconds since the epoch, as the protocol's TimeSinceEpoch; the key's release comes half a gap later.
      sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...k, ...(k.text ? { unmodifiedText: k.text } : {}), timestamp: at / 1000 }));
      sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: k.key, ...(k.code ? { code: k.code } : {}), ...(k.windowsVirtualKeyCode ? { windowsVirtualKeyCode: k.windowsVirtualKeyCode } : {}), timestamp: (at + msPerKey / 2) / 1000 }));
      this.lastAt = at;
    });
    await Promise.all(sent);
  }

  /** One key on its own (a category number, G, Y, …), stamped well apart from any scan. */
  async press(key: string): Promise<void> {
    await this.type(key, { terminator: null });
  }
}
