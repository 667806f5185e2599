import { expect, type Locator, type Page } from '@playwright/test';

export class ScanStationPage {
  readonly outcome: Locator;

  constructor(readonly page: Page) {
    this.outcome = page.getByRole('status');
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.page.locator('[data-outcome="idle"]')).toBeVisible();
  }

  /** Types a code the way a keyboard-wedge scanner does: fast keys, then Enter, wherever the focus is. */
  async scan(code: string, msPerKey = 2): Promise<void> {
    await this.page.keyboard.type(code, { delay: msPerKey });
    await this.page.keyboard.press('Enter');
  }

  /**
   * Dispatches a scan inside the page at an exact key interval (a real scanner's timing, which CDP round trips
   * cannot give at 1 ms), to the focused element as a USB wedge would. Returns when Enter has been dispatched.
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

  /** G: attest a green code and a negative NAT seen on the phone, with its sampling time (venue local time). */
  async attestGreen(samplingTime: string): Promise<void> {
    await this.page.keyboard.press('g');
    await this.page.getByRole('dialog', { name: '确认：绿码，且核酸阴性' }).getByLabel('采样时间').fill(samplingTime);
    await this.page.keyboard.press('Enter');
  }

  async chooseCategoryByKey(n: number): Promise<void> {
    await this.page.keyboard.press(String(n));
  }

  selectedCategory(): Locator {
    return this.page.locator('.category[aria-pressed="true"]');
  }

  counter(outcome: string): Locator {
    return this.page.locator(`[data-counter="${outcome}"] b`);
  }
}
