import { test, expect } from './fixtures';
import type { WebSocketRoute } from '@playwright/test';
import { ScanStationPage } from './pages/ScanStationPage';

test.describe('scan station / keyboard wedge', () => {
  test('a code typed at scanner speed gets an outcome, with what is missing and the clause cited', async ({ station, page }) => {
    await station.scan('HZ-GREEN-0001-ABCDEF');
    await station.expectOutcome('need');
    await expect(page.getByRole('status')).toContainText('48 小时内采样的核酸阴性证明');
    await expect(page.getByRole('status')).toContainText('Q3');
    await expect(station.counter('need')).toHaveText('1');
  });

  test('slow human typing followed by Enter is not taken as a scan', async ({ station }) => {
    await station.keys.type('hello', { msPerKey: 120 });
    await expect(station.counter('need')).toHaveText('0');
    await station.expectOutcome('idle');
  });

  test('a number key picks the entrant category', async ({ station }) => {
    await expect(station.selectedCategory()).toHaveAttribute('data-category', 'visitor');
    await station.chooseCategoryByKey(2);
    await expect(station.selectedCategory()).toHaveAttribute('data-category', 'staff');
  });
});

test.describe('scan station / other venue', () => {
  test.use({ hostOptions: { profile: { pack: 'cn-2022-12-07', venueKind: 'other' } } });

  test('at an "other" venue nothing is asked: any scan is admitted, citing N113-2', async ({ station, page }) => {
    await station.scan('ANY-CODE-12345');
    await station.expectOutcome('admit');
    await expect(page.getByRole('status')).toContainText('N113-2');
  });
});

test.describe('scan station / first run', () => {
  test.use({ hostOptions: {} });

  test('the setup wizard is done by keyboard alone, signs the first operator in and opens the station', async ({ page, host }) => {
    await page.goto(host.url);
    await expect(page.getByRole('form', { name: '首次设置' })).toBeVisible();
    await page.keyboard.type('阳光养老院');
    await page.keyboard.press('Tab');
    await page.keyboard.type('北门');
    await page.getByLabel('场所类型').selectOption('medical');
    await expect(page.locator('#pin-rule')).toContainText('管理员 PIN 为 6–12 位数字');
    await page.getByLabel('管理员 PIN', { exact: true }).fill('135790');
    await page.getByLabel('再次输入管理员 PIN').fill('135709');
    await page.getByLabel('第一位操作员').fill('王芳');
    await page.getByLabel('操作员 PIN').fill('135790');
    await page.getByLabel('操作员 PIN').press('Enter');
    await expect(page.getByRole('alert')).toContainText('两次输入的管理员 PIN 不一致');
    await page.getByLabel('再次输入管理员 PIN').fill('135790');
    await page.getByLabel('操作员 PIN').press('Enter');
    await expect(page.getByRole('alert')).toContainText('操作员 PIN 不得与管理员 PIN 相同');
    await page.screenshot({ path: 'test-results/screens/setup-wizard-pin-rule.png' });
    await page.getByLabel('操作员 PIN').fill('2468');
    await page.getByLabel('操作员 PIN').press('Enter');
    await expect(page.locator('[data-outcome="idle"]')).toBeVisible();
    await expect(page.locator('.station-name')).toContainText('操作员 王芳');
  });
});

test.describe('scan station / trust list age', () => {
  test.use({ hostOptions: { profile: { pack: 'cn-2022-12-07', venueKind: 'school' }, now: '2027-06-01T08:00:00+08:00' } });

  test('a trust list older than the station allows puts a warning on the scan screen', async ({ station, page }) => {
    await expect(page.locator('[data-warning="trust-stale"]')).toContainText('信任列表更新于 2026-11-01');
    await station.scan('SOME-CODE-1234');
    await station.expectOutcome('need');
  });
});

test.describe('scan station / trust list current', () => {
  test.use({ hostOptions: { profile: { pack: 'cn-2022-12-07', venueKind: 'school' }, now: '2026-11-20T08:00:00+08:00' } });

  test('a current trust list shows no warning', async ({ station, page }) => {
    await expect(station.outcome).toHaveAttribute('data-outcome', 'idle');
    await expect(page.locator('[data-warning="trust-stale"]')).toHaveCount(0);
  });
});

test.describe('scan station / the link to the host', () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  test('a wrong token says so, not "lost the connection"', async ({ page, host }) => {
    await page.goto(host.url.replace(/#token=.*/, '#token=not-the-token'));
    await expect(page.locator('.error-banner')).toHaveAttribute('data-error-code', 'HOST_TOKEN');
    await expect(page.locator('.error-banner')).toContainText('访问令牌无效');
  });

  test('the host going away: the next scan says the connection is lost, the screen stays usable, no outcome is shown for it', async ({ station, page, host }) => {
    await station.scan('HZ-GREEN-0001-ABCDEF');
    await station.expectOutcome('need');
    await expect(station.counter('need')).toHaveText('1');
    await host.stop();
    await station.scan('HZ-GREEN-0002-ABCDEF');
    await expect(page.locator('.error-banner')).toHaveAttribute('data-error-code', 'HOST_UNREACHABLE');
    await expect(page.locator('.error-banner')).toContainText('与本机服务的连接中断');
    await expect(station.counter('need')).toHaveText('1'); // nothing counted, and the day's figures kept
    // The previous entrant's outcome is gone: it must not be read as this one's.
    await station.expectOutcome('idle');
    // Still keyboard-driven: the category keys work, and the busy state has ended.
    await station.chooseCategoryByKey(2);
    await expect(station.selectedCategory()).toHaveAttribute('data-category', 'staff');
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    await page.screenshot({ path: 'test-results/screens/scan-station-host-lost.png' });
  });

  test('a socket that drops comes back on its own: an entry made in another tab still reaches this one', async ({ station, page, host }) => {
    const other = new ScanStationPage(await page.context().newPage());
    // The other tab's sockets, each passed through to the host.
    const opened: WebSocketRoute[] = [];
    await other.page.routeWebSocket(/\/api\/socket/, (ws) => {
      ws.connectToServer();
      opened.push(ws);
    });
    await other.open(host.url);
    await expect.poll(() => opened.length).toBe(1);
    // Dropped under the page, as a network fault would end it.
    await opened[0]!.close({ code: 1011, reason: 'dropped' });
    // The bridge opens a new socket by itself (it has an event listener), without a call of its own.
    await expect.poll(() => opened.length, { timeout: 15_000 }).toBe(2);
    await station.scan('HZ-GREEN-0003-ABCDEF');
    await station.expectOutcome('need');
    await expect(other.counter('need')).toHaveText('1');
  });
});
