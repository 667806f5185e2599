import { expect, type Page } from '@playwright/test';

export interface SetupAnswers {
  venueName: string;
  stationName: string;
  venueKind: string;
  adminPin: string;
  operator: string;
  operatorPin: string;
}

/** The first-run wizard, filled in and submitted with Enter, as staff would. */
export class SetupWizardPage {
  constructor(readonly page: Page) {}

  async complete(a: SetupAnswers): Promise<void> {
    await expect(this.page.getByRole('form', { name: '首次设置' })).toBeVisible();
    await this.page.getByLabel('场所名称').fill(a.venueName);
    await this.page.getByLabel('岗位名称').fill(a.stationName);
    await this.page.getByLabel('场所类型').selectOption(a.venueKind);
    await this.page.getByLabel('管理员 PIN', { exact: true }).fill(a.adminPin);
    await this.page.getByLabel('再次输入管理员 PIN').fill(a.adminPin);
    await this.page.getByLabel('第一位操作员').fill(a.operator);
    await this.page.getByLabel('操作员 PIN').fill(a.operatorPin);
    await this.page.getByLabel('操作员 PIN').press('Enter');
    await expect(this.page.locator('[data-screen="station"]')).toBeVisible();
  }
}
