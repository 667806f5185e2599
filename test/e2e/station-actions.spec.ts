// The scan station's numbered items, each seen in real Chromium (issue: scan station). Screenshots of every outcome
// are saved under test-results/screens/.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, type Page } from './fixtures';
import { SetupWizardPage } from './pages/SetupWizardPage';
import { TimedKeys } from './pages/keys';
import { loadInstallSecret, scanFingerprinter } from '../../electron/main/services/install-secret';

const MEDICAL = { pack: 'cn-2022-12-07', venueKind: 'medical' };
const ELDERCARE = { pack: 'cn-2022-12-07', venueKind: 'eldercare' };
const SCHOOL = { pack: 'cn-2022-12-07', venueKind: 'school' };
const NOW = '2026-11-20T10:00:00+08:00';

/** The register as the station's own contract returns it (the host holds the register: no second process may open it). */
async function entries(page: Page, query: Record<string, unknown> = {}): Promise<{ id: number; outcome: string; correctsId?: number }[]> {
  const r = await page.evaluate((q) => (window as unknown as { gate: { searchRegister(i: unknown): Promise<{ ok: boolean; value: unknown }> } }).gate.searchRegister(q), { limit: 100, ...query });
  expect(r.ok).toBe(true);
  return r.value as { id: number; outcome: string; correctsId?: number }[];
}

/** The fingerprint the register keeps of a scanned text (HMAC with this station's key over its SHA-256). */
function fingerprintOf(dataDir: string, code: string): string {
  return scanFingerprinter(loadInstallSecret(dataDir, { mayCreate: false })).ofText(code);
}

/** The register's bytes (database and WAL), read after the host has written them. */
function registerBytes(dataDir: string): string {
  return ['register.sqlite', 'register.sqlite-wal'].map((f) => { try { return readFileSync(join(dataDir, f)).toString('latin1'); } catch { return ''; } }).join('');
}

test.describe('station / scanner input', () => {
  test.use({ hostOptions: { profile: SCHOOL, now: NOW } });

  test('a 1,200-character burst at 1 ms per key arrives whole and in order', async ({ station, page, host }) => {
    // A long opaque code (base64url, as health-code payloads are): not a piece of a certificate.
    const code = Array.from({ length: 1200 }, (_, i) => 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_'[(i * 7) % 64]).join('');
    await station.burst(code, 1);
    await station.expectOutcome('need');
    await expect(page.getByRole('status')).toContainText('无法核验的二维码');
    // The register keeps only a keyed digest of what was scanned: equal digests mean no character lost or reordered.
    const fingerprint = fingerprintOf(host.dataDir, code);
    await expect.poll(() => registerBytes(host.dataDir).includes(fingerprint)).toBe(true);
    expect(registerBytes(host.dataDir).includes(code.slice(100, 160))).toBe(false);
  });

  test('Tab ends a scan too, and a long scan shows that it is being received', async ({ station, page }) => {
    await station.scan('TAB-TERMINATED-CODE-42', 2, 'Tab');
    await station.expectOutcome('need');
    await expect(station.counter('need')).toHaveText('1');
    const progressSeen = await station.watchProgress();
    await station.scan('HC1:' + 'X'.repeat(400), 3);
    await expect(page.getByRole('status')).toContainText('证书二维码内容损坏');
    expect(await progressSeen()).toBe(true);
  });

  test('a slow answer: the scan\'s progress line gives way to "checking" over the previous outcome, dimmed, then to the outcome', async ({ station, page, host }) => {
    await page.setViewportSize({ width: 1366, height: 768 }); // a gate laptop's screen, for the screenshot
    await station.scan('HZ-GREEN-0001-ABCDEF');
    await station.expectOutcome('need');
    const progressSeen = await station.watchProgress();
    host.pause();
    try {
      await station.scan('HC1:' + 'X'.repeat(400), 3);
      expect(await progressSeen()).toBe(true);
      await expect(page.locator('main[data-busy="true"]')).toHaveCount(1);
      await expect(page.getByRole('progressbar')).toHaveCount(0);
      // The previous entrant's outcome is still there, dimmed, under a line that says this scan is being checked.
      await expect(page.locator('[data-checking="true"]')).toContainText('正在核验');
      await expect(page.locator('.main-row[data-stale="true"] [role="status"][data-outcome="need"]')).toHaveCSS('opacity', '0.3');
      await station.shot('scan-station-busy');
    } finally {
      host.resume();
    }
    await expect(page.getByRole('status')).toContainText('证书二维码内容损坏');
    await expect(page.locator('main[data-busy="true"]')).toHaveCount(0);
    await expect(page.getByRole('progressbar')).toHaveCount(0);
    await expect(page.locator('[data-checking]')).toHaveCount(0);
    await expect(page.locator('.main-row[data-stale="false"] [role="status"]')).toHaveCSS('opacity', '1');
  });

  test('keys stamped 2 ms apart arrive as one scan while the page is busy for 400 ms in the middle of them', async ({ station, page, host }) => {
    // The 20th key's handler keeps the main thread busy for 400 ms, so the idle flush (150 ms after that key) comes
    // due behind it. The rest of the code, stamped 2 ms after the 20th key, reaches the page only once it is free:
    // keys still on their way must join the scan by their stamps, not be cut off by the late timer (split, the
    // tail would be read as an opaque code).
    await page.evaluate(() => {
      let n = 0;
      window.addEventListener('keydown', () => {
        if (++n !== 20) return;
        const t = performance.now();
        while (performance.now() - t < 400) { /* busy */ }
      });
    });
    const code = 'HC1:' + 'NCFOXN%TS3DH3ZSUZK+.V0ETD%65NL-AH'.repeat(8);
    await station.keys.type(code.slice(0, 20), { msPerKey: 2, terminator: null }); // returns once the page has handled the 20th key
    await station.keys.type(code.slice(20), { msPerKey: 2, continues: true });
    await expect(page.getByRole('status')).toContainText('证书内容损坏');
    await expect(station.counter('need')).toHaveText('1');
    const fingerprint = fingerprintOf(host.dataDir, code);
    await expect.poll(() => registerBytes(host.dataDir).includes(fingerprint)).toBe(true);
  });

  test('scans go to a password-type sink (input methods are off there); an active IME is pointed out', async ({ station, page }) => {
    const sink = await page.evaluate(() => ({ type: (document.activeElement as HTMLInputElement).type, sink: (document.activeElement as HTMLElement).dataset.scanSink }));
    expect(sink).toEqual({ type: 'password', sink: 'true' });
    await page.evaluate(() => document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Process', bubbles: true })));
    await expect(page.locator('[data-warning="ime"]')).toContainText('输入法');
    await station.scan('AFTER-IME-HINT-1');
    await station.expectOutcome('need');
  });
});

test.describe('station / one-key actions at a medical venue', () => {
  test.use({ hostOptions: { profile: MEDICAL, now: NOW } });

  test('F1 admits an emergency patient at once with no proof, and it is logged', async ({ station, page }) => {
    await page.keyboard.press('F1');
    await station.expectOutcome('admit-emergency');
    await expect(page.getByRole('status')).toContainText('急危重症患者');
    await station.shot('admit-emergency');
    expect(await entries(page, { outcome: 'admit-emergency' })).toHaveLength(1);
    await expect(station.counter('admit-emergency')).toHaveText('1');
  });

  test('R after a scan attests a red code: the patient goes to the fever clinic', async ({ station, page }) => {
    await station.scan('HEALTH-CODE-OPAQUE-77');
    await station.expectOutcome('route');
    await expect(page.getByRole('status')).toHaveAttribute('data-route', 'on-site-test');
    await station.shot('route-on-site-test');
    await station.keys.press('r');
    await expect(page.getByRole('status')).toHaveAttribute('data-route', 'fever-clinic');
    await expect(page.getByRole('status')).toContainText('请到发热门诊');
    await station.shot('route-fever-clinic');
  });

  test('M enters a paper certificate: a negative NAT sampled 10 hours ago admits a patient', async ({ station, page }) => {
    await station.keys.press('m');
    const dialog = page.getByRole('dialog', { name: '录入纸质核酸证明' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('采样时间').fill('00:00');
    await dialog.getByLabel('采样时间').press('Enter');
    await station.expectOutcome('admit');
    await expect(page.getByRole('status')).toContainText('采样距今 10 小时');
  });
});

test.describe('station / attestation at an eldercare home', () => {
  test.use({ hostOptions: { profile: ELDERCARE, now: NOW } });

  test('an opaque health code attested with G 1 (green code, a negative NAT "within 24 h" as the phone shows) is admitted', async ({ station, page }) => {
    await station.scan('https://jkm.example.cn/qr?c=7f3a9');
    await station.expectOutcome('need');
    await station.shot('need');
    await station.attestGreen(24);
    await station.expectOutcome('admit');
    await expect(page.getByRole('status')).toContainText('健康码为绿码');
    await station.shot('admit');
    const [scan, attested] = await entries(page);
    expect(attested).toMatchObject({ outcome: 'admit', correctsId: scan!.id });
  });

  test('Y attests a yellow code: a visitor is refused, with what would let them in', async ({ station, page }) => {
    await station.scan('ANOTHER-OPAQUE-CODE');
    await station.keys.press('y');
    await station.expectOutcome('refuse');
    await expect(page.getByRole('status')).toContainText('绿色健康码');
    await station.shot('refuse');
  });

  test('the outcome clears itself after the configured seconds', async ({ station, page }) => {
    await page.clock.install();
    await station.scan('CLEARS-AFTER-15-S');
    await station.expectOutcome('need');
    await page.clock.fastForward('00:16');
    await station.expectOutcome('idle');
  });
});

test.describe('station / register, export and settings', () => {
  test.use({ hostOptions: { profile: SCHOOL, now: NOW } });

  test("F2 opens the register: search, export today's CSV into the export folder, back with Esc", async ({ station, page, host }) => {
    await station.scan('REGISTER-CODE-0001');
    await station.expectOutcome('need');
    await page.keyboard.press('F2');
    await expect(page.locator('[data-screen="register"]')).toBeVisible();
    await expect(page.locator('tr[data-entry]')).toHaveCount(1);
    await page.getByRole('button', { name: '导出 CSV' }).click();
    await expect(page.locator('[data-notice="register"]')).toContainText('已导出 1 条');
    const csv = readdirSync(join(host.dataDir, 'exports'));
    expect(csv).toEqual(['2026-11-20.csv']);
    expect(readFileSync(join(host.dataDir, 'exports', csv[0]!), 'utf8')).toContain('需补充证明');
    await page.keyboard.press('Escape');
    await expect(page.locator('[data-screen="station"]')).toBeVisible();
  });
});

test.describe('station / operators and settings', () => {
  test.use({ hostOptions: {} });

  test('sign-in, settings behind the admin PIN, English by switch, and the idle lock', async ({ page, host }) => {
    await page.clock.install(); // before the page's timers exist, so the idle lock can be fast-forwarded
    await page.goto(host.url);
    await new SetupWizardPage(page).complete({ venueName: '实验小学', stationName: '东门', venueKind: 'school', adminPin: '975310', operator: '赵敏', operatorPin: '8642' });

    await page.keyboard.press('F3');
    await page.getByLabel('管理员 PIN', { exact: true }).fill('000000');
    await page.getByLabel('管理员 PIN', { exact: true }).press('Enter');
    await expect(page.getByRole('alert')).toContainText('PIN 不正确');
    await page.getByLabel('管理员 PIN', { exact: true }).fill('975310');
    await page.getByLabel('管理员 PIN', { exact: true }).press('Enter');
    await page.getByLabel('语言').selectOption('en');
    await page.getByLabel('添加操作员').fill('李强');
    await page.getByLabel('PIN', { exact: true }).fill('1357');
    await page.getByRole('button', { name: '保存' }).click();
    await expect(page.locator('[data-notice="settings"]')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.locator('.keys-help')).toContainText('Number keys');
    // Every word of the outcome comes in English once English is set: no Chinese left in the panel or the categories.
    await new TimedKeys(page).type('ENGLISH-OUTCOME-1');
    const status = page.getByRole('status');
    await expect(status).toHaveAttribute('data-outcome', 'need');
    await expect(status).toContainText('Proof needed');
    expect(await status.innerText()).not.toMatch(/[\u4e00-\u9fff]/);
    expect(await page.locator('.categories').innerText()).not.toMatch(/[\u4e00-\u9fff]/);
    await page.screenshot({ path: 'test-results/screens/station-english-need.png' });

    await page.clock.fastForward('10:01');
    await expect(page.locator('[data-screen="sign-in"]')).toBeVisible();
    await page.locator('select[name="name"]').selectOption('李强');
    await page.getByLabel('PIN', { exact: true }).fill('1357');
    await page.getByLabel('PIN', { exact: true }).press('Enter');
    await expect(page.locator('.station-name')).toContainText('李强');
  });
});
