// The register tells what happened (issue: the register), at 1366×768, keyboard first: the reason on every entry,
// one count per person, the detail of an entry with its correction chain, names found however typed, the day
// charted, the summary CSV, and the language. Screenshots: test-results/screens/register-*.png.
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';
import { dccVector, trustListFor } from '../support/dcc-vectors';
import { SetupWizardPage } from './pages/SetupWizardPage';

const NOW = '2026-11-20T10:00:00+08:00';
const ELDERCARE = { pack: 'cn-2022-12-07', venueKind: 'eldercare', natWindowHours: 48 };
// CO5 of dgc-testdata: read whole, signed, but the signature does not verify against its own certificate.
const CO5 = dccVector('common/CO5.json');

test.use({ viewport: { width: 1366, height: 768 } });

test.describe('register / why, people and detail', () => {
  test.use({ hostOptions: { profile: ELDERCARE, trust: [trustListFor(CO5)], now: CO5.json.TESTCTX!.VALIDATIONCLOCK! } });

  test('a forged certificate attested after a phone check: the register says why; counters count people; Enter shows the chain', async ({ station, page }) => {
    await station.scan(CO5.json.PREFIX!, 1);
    await expect(page.getByRole('status')).toHaveAttribute('data-problems', 'SIGNATURE');
    await station.keys.press('g');
    await expect(page.getByRole('dialog', { name: '确认：手机上为绿码' })).toBeVisible();
    await page.keyboard.press('2');
    await expect(page.getByRole('dialog', { name: '证书核验未通过' })).toBeVisible();
    await page.keyboard.press('k');
    await station.expectOutcome('admit');
    await station.scan('ANOTHER-VISITOR-CODE');
    await station.expectOutcome('need');
    // Two people: the forged scan and its correction count once, as admitted.
    await expect(station.counter('admit')).toHaveText('1');
    await expect(station.counter('need')).toHaveText('1');
    await expect(page.locator('.recent li')).toHaveCount(2);
    await expect(page.locator('ol.recent')).toHaveCount(0); // times, not running numbers

    await page.keyboard.press('F2');
    const rows = page.locator('tr[data-entry]');
    await expect(rows).toHaveCount(3);
    await expect(rows.nth(0)).toHaveAttribute('data-verification', 'SIGNATURE');
    await expect(rows.nth(0).locator('td.reason')).toContainText('证书签名无效，可能被篡改（SIGNATURE）');
    await expect(rows.nth(1).locator('td.reason')).toContainText('确认：绿码、48 小时内核酸阴性、已查看对方手机');
    await expect(rows.nth(2)).toHaveAttribute('data-verification', 'none');
    const charts = page.locator('[aria-label="概览"]');
    await expect(charts).toHaveAttribute('data-people', '2');
    await expect(charts.locator('canvas')).toHaveCount(2);
    await station.shot('register-reasons-charts');

    // Keyboard: Tab from the last filter button reaches the rows; Enter opens the detail, Esc closes it.
    await page.getByRole('button', { name: '打开导出文件夹' }).focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(rows.nth(1)).toBeFocused();
    await page.keyboard.press('Enter');
    const detail = page.getByRole('dialog', { name: /登记 #\d+ 详情/ });
    await expect(detail).toBeVisible();
    await expect(detail.locator('[data-chain-entry]')).toHaveCount(2);
    await expect(detail).toContainText('操作员确认');
    await expect(detail).toContainText('已查看对方手机');
    await station.shot('register-detail');
    await page.keyboard.press('Escape');
    await expect(detail).toBeHidden();
    await expect(rows.nth(1)).toBeFocused();
    await expect(page.locator('[data-screen="register"]')).toBeVisible();

    await page.getByRole('button', { name: '导出汇总 CSV' }).click();
    const notice = page.locator('[data-notice="register"]');
    await expect(notice).toContainText('已导出汇总（不含个人信息）');
    const path = (await notice.innerText()).split('：').at(-1)!.trim();
    const summary = readFileSync(path, 'utf8');
    expect(summary).toContain('"人数"');
    expect(summary).not.toMatch(/110105|\*\*/);
  });
});

test.describe('register / names found however typed', () => {
  test.use({
    hostOptions: {
      profile: ELDERCARE, now: NOW,
      prepare: async (dataDir) => {
        const { openGate } = await import('../../electron/main/services/compose');
        const { saveStationConfig } = await import('../../electron/main/services/station-config');
        const gate = await openGate(dataDir, { clock: () => Date.parse(NOW) });
        saveStationConfig(gate.settings, gate.packs, { venueName: '示例场所', stationName: '1号岗', profile: ELDERCARE });
        const base = { atMs: Date.parse(NOW) - 3_600_000, localDay: '2026-11-20', station: '1号岗', packId: 'cn-2022-12-07', packVersion: 1, venueKind: 'eldercare', category: 'visitor' as const, outcome: 'admit' as const, citations: ['N101-14'], evidenceSummary: { kinds: [], sources: [] }, format: 'eu-dcc' as const, verification: 'ok' as const };
        gate.entries.insert({ ...base, name: '陈 小明' });
        gate.entries.insert({ ...base, name: 'CHEN XIAOMING' });
        gate.close();
      },
    },
  });

  test('"陈 小明" from a certificate is found as 陈小明 and shown without the space; ＣＨＥＮ finds the Latin name', async ({ station, page }) => {
    await expect(station.outcome).toHaveAttribute('data-outcome', 'idle');
    await page.keyboard.press('F2');
    await expect(page.locator('tr[data-entry]')).toHaveCount(2);
    await page.getByLabel('姓名', { exact: true }).fill('陈小明');
    await page.getByLabel('姓名', { exact: true }).press('Enter');
    await expect(page.locator('tr[data-entry]')).toHaveCount(1);
    await expect(page.locator('tr[data-entry]')).toContainText('陈**');
    await page.getByLabel('姓名', { exact: true }).fill('ＣＨＥＮ');
    await page.getByLabel('姓名', { exact: true }).press('Enter');
    await expect(page.locator('tr[data-entry]')).toHaveCount(1);
    await expect(page.locator('tr[data-entry]')).toContainText('C***');
  });
});

test.describe('register / language', () => {
  test.use({ hostOptions: {} });

  test('Chinese shows no English unless the venue is bilingual; English switches at once, Settings included', async ({ page, host }) => {
    await page.goto(host.url);
    await expect(page.getByLabel('政策包')).toContainText('综发〔2022〕113号');
    await new SetupWizardPage(page).complete({ venueName: '实验小学', stationName: '东门', venueKind: 'school', adminPin: '975310', operator: '赵敏', operatorPin: '8642' });
    const status = page.getByRole('status');
    await expect(status).toHaveAttribute('data-outcome', 'idle');
    expect(await status.innerText()).not.toMatch(/[A-Za-z]{3,}/);
    await page.keyboard.press('F3');
    await page.getByLabel('管理员 PIN', { exact: true }).fill('975310');
    await page.getByLabel('管理员 PIN', { exact: true }).press('Enter');
    await page.getByLabel('双语显示（中文下方附英文）').check();
    await page.getByRole('button', { name: '保存' }).click();
    await expect(page.locator('[data-notice="settings"]')).toHaveText('已保存');
    await page.keyboard.press('Escape');
    await expect(status).toContainText('Scan a code');
    await page.keyboard.press('F3');
    await page.getByLabel('管理员 PIN', { exact: true }).fill('975310');
    await page.getByLabel('管理员 PIN', { exact: true }).press('Enter');
    await page.getByLabel('语言').selectOption('en');
    await page.getByRole('button', { name: '保存' }).click();
    // Settings itself is in English at once, not only once reopened.
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Settings');
    await expect(page.locator('[data-notice="settings"]')).toHaveText('Saved');
    await expect(page.getByRole('button', { name: 'Save' })).toBeVisible();
    await page.screenshot({ path: 'test-results/screens/register-settings-english.png' });
  });

  test('the local-rule fields keep the setup button reachable on a 768 px screen', async ({ page, host }) => {
    await page.goto(host.url);
    await page.getByLabel('场所类型').selectOption('local-rule');
    const finish = page.getByRole('button', { name: '完成设置' });
    await finish.scrollIntoViewIfNeeded();
    await expect(finish).toBeInViewport();
    await page.screenshot({ path: 'test-results/screens/setup-local-rule-768.png' });
  });
});
