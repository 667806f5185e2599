import { expect, type Locator, type Page } from '@playwright/test';
import { TimedKeys, type Terminator } from './keys';

export class ScanStationPage {
  readonly outcome: Locator;
  /** Keys stamped with their own event times: what every scan in the specs goes through. */
  readonly keys: TimedKeys;

  constructor(readonly page: Page) {
    this.outcome = page.getByRole('status');
    this.keys = new TimedKeys(page);
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.page.locator('[data-outcome="idle"]')).toBeVisible();
  }

  /**
   * A keyboard-wedge scanner's scan: keys stamped `msPerKey` apart, then Enter (or Tab), wherever the focus is. The
   * stamps, not the machine's load, set the timing the station sees.
   */
  async scan(code: string, msPerKey = 2, terminator: Terminator = 'Enter'): Promise<void> {
    await this.keys.type(code, { msPerKey, terminator });
  }

  /**
   * The timing check with real delays: a scan dispatched inside the page, each key at its moment by the page's own
   * clock (a busy-wait, as exact as the page's thread is scheduled), so the station sees real gaps, including any
   * the machine's load adds. The wedge tolerates a few slow gaps in a long code (2 + 1 per 100 characters, over
   * 35 ms each) and splits only on a pause over 150 ms. Returns when the terminator has been dispatched.
   */
  async burst(code: string, msPerKey: number, terminator: 'Enter' | 'Tab' = 'Enter'): Promise<void> {
    await this.page.evaluate(({ code, msPerKey, terminator }) => {
      const keys = [...code, terminator];
      const target = document.activeElement ?? document.body;
      const t0 = performance.now();
      keys.forEach((key, i) => {
        while (performance.now() < t0 + i * msPerKey) { /* wait for this key's moment */ }
        target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
      });
    }, { code, msPerKey, terminator });
  }

  async shot(name: string): Promise<void> {
    await this.page.screenshot({ path: `test-results/screens/${name}.png` });
  }

  async expectOutcome(outcome: string): Promise<void> {
    await expect(this.outcome).toHaveAttribute('data-outcome', outcome);
  }

  /**
   * G, then one key for what the phone shows besides a green code: a negative NAT within 24 / 48 / 72 h (1 / 2 / 3),
   * a sampling time typed as the phone or paper shows it (T, the time, Enter), or nothing more (Enter).
   */
  async attestGreen(shown: 24 | 48 | 72 | 'code-only' | { typed: string }): Promise<void> {
    await this.keys.press('g');
    const prompt = this.page.getByRole('dialog', { name: '确认：手机上为绿码' });
    await expect(prompt).toBeVisible();
    if (shown === 'code-only') await this.page.keyboard.press('Enter');
    else if (typeof shown === 'number') await this.page.keyboard.press(String([24, 48, 72].indexOf(shown) + 1));
    else {
      await this.page.keyboard.press('t');
      await prompt.getByRole('textbox').fill(shown.typed);
      await prompt.getByRole('textbox').press('Enter');
    }
    await expect(prompt).toBeHidden();
  }

  async chooseCategoryByKey(n: number): Promise<void> {
    await this.keys.press(String(n));
  }

  /** Records, in the page, whether a "receiving scan" progress bar ever appears (a long scan can pass in a frame). */
  async watchProgress(): Promise<() => Promise<boolean>> {
    await this.page.evaluate(() => {
      const w = window as unknown as { progressSeen?: boolean };
      w.progressSeen = false;
      new MutationObserver(() => {
        if (document.querySelector('[role="progressbar"]')) w.progressSeen = true;
      }).observe(document.body, { childList: true, subtree: true });
    });
    return () => this.page.evaluate(() => (window as unknown as { progressSeen?: boolean }).progressSeen === true);
  }

  selectedCategory(): Locator {
    return this.page.locator('.category[aria-pressed="true"]');
  }

  counter(outcome: string): Locator {
    return this.page.locator(`[data-counter="${outcome}"] b`);
  }
}
