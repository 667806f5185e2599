// Policy packs and dated sources in the browser: Settings lists the packs and every source the checks rely on with its
// date and origin, refuses an unsigned or forged pack with a clear message, and choosing the "no checks" pack when
// checks end turns the gate into a visitor register that says so.
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';
import { SetupWizardPage } from './pages/SetupWizardPage';
import { FIXTURE_PACK, makePublisher, signed, fixturePack } from '../support/packs';

test.describe('policy packs / Settings and the gate', () => {
  test.use({ hostOptions: {}, viewport: { width: 1366, height: 768 } });

  test('Settings lists packs and sources; refuses a bare and a forged pack; the "no checks" pack empties the gate', async ({ page, host }) => {
    await page.goto(host.url);
    await new SetupWizardPage(page).complete({ venueName: '阳光养老院', stationName: '大门', venueKind: 'eldercare', adminPin: '975310', operator: '赵敏', operatorPin: '8642' });
    // The top of the scan screen says which pack decides and how old each source is.
    await expect(page.locator('.station-name')).toContainText('v1');
    await expect(page.locator('[data-freshness]')).toContainText('政策包 2022-12-07');

    await page.keyboard.press('F3');
    await page.getByLabel('管理员 PIN', { exact: true }).fill('975310');
    await page.getByLabel('管理员 PIN', { exact: true }).press('Enter');
    const packs = page.locator('[data-packs]');
    await expect(packs.locator('tr[data-pack]')).toHaveCount(2);
    await expect(packs.locator('tr[data-pack="cn-2022-12-07"]')).toContainText('随软件提供');
    const sources = page.locator('[data-sources]');
    await expect(sources.locator('tr', { hasText: 'covid-19-lab-test-manufacturer-and-name' })).toContainText('2021-07-15');
    await expect(sources.locator('tr', { hasText: 'covid-19-lab-test-manufacturer-and-name' })).toContainText('未使用');
    await expect(sources.locator('tr', { hasText: 'cn-no-checks v1' })).toContainText('未使用');
    await expect(sources.locator('tr', { hasText: 'cn-2022-12-07 v1' })).toContainText('已过期');

    await page.locator('[data-import="pack"]').setInputFiles({ name: 'pack.json', mimeType: 'application/json', buffer: readFileSync(FIXTURE_PACK) });
    await expect(page.locator('[data-error-code="PACK_UNSIGNED"]')).toContainText('政策包未签名');
    await page.locator('[data-import="pack"]').setInputFiles({ name: 'forged.json', mimeType: 'application/json', buffer: Buffer.from(signed(makePublisher('mallory'), fixturePack())) });
    await expect(page.locator('[data-error-code="PACK_SIGNATURE"]')).toContainText('签名无效');
    await expect(packs.locator('tr[data-pack]')).toHaveCount(2);
    await page.locator('[data-sources]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/screens/settings-packs-sources.png', fullPage: true });

    await page.locator('select[name="pack"]').selectOption('cn-no-checks');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect(page.locator('[data-notice="settings-inline"]')).toContainText('已保存');
    await page.keyboard.press('Escape');
    await expect(page.locator('[data-notice="nothing-to-check"]')).toContainText('现行政策包不要求在此查验');
    await expect(page.locator('[data-freshness]')).toContainText('政策包 2022-12-07');
    await page.screenshot({ path: 'test-results/screens/station-no-checks-pack.png' });
  });
});
