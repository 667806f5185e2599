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

  async expectOutcome(outcome: string): Promise<void> {
    await expect(this.outcome).toHaveAttribute('data-outcome', outcome);
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
