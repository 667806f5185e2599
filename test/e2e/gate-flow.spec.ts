// The gate as staff run it (issue: the gate flow), one describe per numbered item, at 1366×768, keyboard only.
// Screenshots go to test-results/screens/gate-*.png.
import { test, expect } from './fixtures';
import { dccVector, trustListFor } from '../support/dcc-vectors';
import { SetupWizardPage } from './pages/SetupWizardPage';
import { TimedKeys } from './pages/keys';

const NOW = '2026-11-20T10:00:00+08:00';
const ELDERCARE = { pack: 'cn-2022-12-07', venueKind: 'eldercare', natWindowHours: 48 };
const MEDICAL = { pack: 'cn-2022-12-07', venueKind: 'medical', natWindowHours: 48 };
// CO5 of dgc-testdata: read whole, signed, but the signature does not verify against its own certificate.
const CO5 = dccVector('common/CO5.json');
const CH2 = dccVector('CH/2.json');

test.use({ viewport: { width: 1366, height: 768 } });

test.describe('gate flow / 1. what the phone shows, in two keys', () => {
  test.use({ hostOptions: { profile: ELDERCARE, now: NOW } });

  test('G then 2: a green code and a negative NAT "within 48 h" admits, shown as within, not as a guessed time', async ({ station, page }) => {
    await station.scan('https://jkm.example.cn/qr?c=AA11');
    await station.expectOutcome('need');
    await station.attestGreen(48);
    await station.expectOutcome('admit');
    await expect(page.getByRole('status')).toContainText('手机显示：48 小时内采样');
    await expect(page.getByRole('status')).not.toContainText('采样距今');
    await station.shot('gate-green-within-48');
  });

  test('G then 3 at a 48 h venue is not enough: "within 72 h" leaves the NAT missing', async ({ station }) => {
    await station.scan('https://jkm.example.cn/qr?c=BB22');
    await station.attestGreen(72);
    await station.expectOutcome('need');
  });

  test('no field is pre-filled: G then T asks for the sampling time, read on the station\'s clock (training mode too)', async ({ station, page }) => {
    await station.scan('https://jkm.example.cn/qr?c=CC33');
    await station.keys.press('g');
    await expect(page.getByRole('dialog', { name: '确认：手机上为绿码' })).toBeVisible();
    await page.keyboard.press('t');
    const field = page.getByRole('dialog', { name: '确认：手机上为绿码' }).getByRole('textbox');
    await expect(field).toHaveValue('');
    await field.fill('09:30');
    await field.press('Enter');
    await station.expectOutcome('admit');
    // 09:30 on the station's clock (10:00, the --now instant), whatever the laptop's real date is.
    await expect(page.getByRole('status')).toContainText('采样距今 0.5 小时');
  });
});

test.describe('gate flow / 2. a failed verification is never waved through silently', () => {
  test.use({ hostOptions: { profile: ELDERCARE, trust: [trustListFor(CO5)], now: CO5.json.TESTCTX!.VALIDATIONCLOCK! } });

  test('a forged certificate then G 2 asks "did you check the phone?" (K); admitted, the SIGNATURE problem stays', async ({ station, page }) => {
    await station.scan(CO5.json.PREFIX!, 1);
    const status = page.getByRole('status');
    await expect(status).toHaveAttribute('data-problems', 'SIGNATURE');
    await expect(status).toContainText('签名无效');
    const green = page.getByRole('dialog', { name: '确认：手机上为绿码' });
    await station.keys.press('g');
    await expect(green).toBeVisible();
    await page.keyboard.press('2');
    const confirm = page.getByRole('dialog', { name: '证书核验未通过' });
    await expect(confirm).toBeVisible();
    await station.shot('gate-phone-check');
    await page.keyboard.press('Escape');
    await expect(confirm).toBeHidden();
    await expect(status).toHaveAttribute('data-outcome', 'need');
    await station.keys.press('g');
    await expect(green).toBeVisible();
    await page.keyboard.press('2');
    await expect(confirm).toBeVisible();
    await page.keyboard.press('k');
    await station.expectOutcome('admit');
    await expect(status).toHaveAttribute('data-problems', 'SIGNATURE');
    await expect(status).toContainText('签名无效');
    await station.shot('gate-admit-after-phone-check');
  });

  test('a key pressed the instant a prompt appears is not lost: 2 as G\'s prompt opens, K as the check opens, Esc as I\'s form opens', async ({ station, page }) => {
    // In the page, each key is sent in the same moment the prompt is put on screen (a slow laptop's staff type ahead
    // of its paint): the prompt must already be listening.
    await page.evaluate(() => {
      const typeAhead: Record<string, string> = { green: '2', 'phone-check': 'k', manual: 'Escape' };
      new MutationObserver((records) => {
        for (const node of records.flatMap((r) => [...r.addedNodes])) {
          if (!(node instanceof HTMLElement)) continue;
          const prompt = node.querySelector<HTMLElement>('[role="dialog"]');
          const key = prompt && typeAhead[prompt.dataset.prompt ?? (prompt.tagName === 'FORM' ? 'manual' : '')];
          if (key) (document.activeElement ?? document.body).dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
        }
      }).observe(document.body, { childList: true, subtree: true });
    });
    await station.scan(CO5.json.PREFIX!, 1);
    await expect(page.getByRole('status')).toHaveAttribute('data-problems', 'SIGNATURE');
    await station.keys.press('g');
    await station.expectOutcome('admit');
    await expect(page.getByRole('status')).toHaveAttribute('data-problems', 'SIGNATURE');
    await station.keys.press('i');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await station.expectOutcome('admit');
  });
});

test.describe('gate flow / 3. incomplete scans', () => {
  test.use({ hostOptions: { profile: ELDERCARE, trust: [trustListFor(CH2)], now: CH2.json.TESTCTX!.VALIDATIONCLOCK! } });

  test('a certificate that lost its "HC1:" is 扫码不完整，请重扫, not a code to attest', async ({ station, page }) => {
    await station.scan(CH2.json.PREFIX!.slice(4), 1);
    const status = page.getByRole('status');
    await expect(status).toHaveAttribute('data-problems', 'SCAN_INCOMPLETE');
    await expect(status).toContainText('扫码不完整，请重扫');
    await expect(status).not.toContainText('请查看对方手机');
  });

  test('a scan cut by a 400 ms pause: the tail is reported as incomplete, the head never chooses anything', async ({ station, page }) => {
    const code = CH2.json.PREFIX!;
    await station.keys.type(code.slice(0, 150), { msPerKey: 2, terminator: null });
    await station.keys.type(code.slice(150), { msPerKey: 2, afterMs: 400 });
    const status = page.getByRole('status');
    await expect(status).toHaveAttribute('data-problems', 'SCAN_INCOMPLETE');
    // A scan cut short is nobody yet: written to the register, but not counted as a person (the rescan is).
    await expect(station.counter('need')).toHaveText('0');
  });
});

test.describe('gate flow / 4. typed IDs, digits and "no proof"', () => {
  test.use({ hostOptions: { profile: ELDERCARE, now: NOW } });

  test('I opens one field with check-digit feedback as you type; Enter checks the number', async ({ station, page }) => {
    await station.keys.press('i');
    const dialog = page.getByRole('dialog', { name: '手动输入：身份证号、工牌号或证明编号' });
    const field = dialog.getByRole('textbox');
    await field.pressSequentially('11010519491231002');
    await expect(dialog.locator('[data-feedback]')).toHaveText('身份证号：已输入 17/18 位');
    await field.press('9');
    await expect(dialog.locator('[data-feedback="idBad"]')).toBeVisible();
    await field.press('Backspace');
    await field.press('X');
    await expect(dialog.locator('[data-feedback="idOk"]')).toBeVisible();
    await station.shot('gate-manual-id');
    await field.press('Enter');
    await station.expectOutcome('need');
    await expect(page.getByRole('status')).toContainText('出生日期 1949-12-31');
  });

  test('digits typed at the prompt by hand never change the category silently', async ({ station, page }) => {
    await expect(station.selectedCategory()).toHaveAttribute('data-category', 'visitor');
    await station.keys.type('2', { terminator: null });
    await expect(station.selectedCategory()).toHaveAttribute('data-category', 'staff');
    await expect(page.locator('[data-notice="keys"]')).toContainText('人员类别：工作人员');
    // An ID number typed by hand, a key every 300 ms, well after the choice: the category stays 工作人员.
    await station.keys.type('110105', { msPerKey: 300, terminator: null, afterMs: 2_000 });
    await expect(page.locator('[data-notice="keys"]')).toContainText('像是在输入号码');
    await expect(station.selectedCategory()).toHaveAttribute('data-category', 'staff');
  });

  test('N records "no proof shown": need at an eldercare home', async ({ station }) => {
    await station.keys.press('n');
    await station.expectOutcome('need');
    await expect(station.counter('need')).toHaveText('1');
  });
});

test.describe('gate flow / 4. "no proof" at a hospital', () => {
  test.use({ hostOptions: { profile: MEDICAL, now: NOW } });

  test('N sends a patient to on-site sampling, never refused', async ({ station, page }) => {
    await station.keys.press('n');
    await station.expectOutcome('route');
    await expect(page.getByRole('status')).toHaveAttribute('data-route', 'on-site-test');
  });
});

test.describe('gate flow / 5. lock and shifts', () => {
  test.use({ hostOptions: {} });

  test('L locks; a scan while locked never reaches the PIN field; five wrong PINs lock the PIN entry with a countdown', async ({ page, host }) => {
    await page.goto(host.url);
    await new SetupWizardPage(page).complete({ venueName: '实验小学', stationName: '东门', venueKind: 'school', adminPin: '975310', operator: '赵敏', operatorPin: '8642' });
    const keys = new TimedKeys(page);
    await keys.press('l');
    await expect(page.locator('[data-screen="sign-in"]')).toBeVisible();
    await keys.type('HC1:' + 'NCFOXN%TS3DH3ZSUZK+.V0ETD%65NL-AH'.repeat(16), { msPerKey: 2 });
    await expect(page.locator('[data-warning="sign-in-first"]')).toContainText('请先登录');
    await expect(page.getByLabel('PIN', { exact: true })).toHaveValue('');
    await page.screenshot({ path: 'test-results/screens/gate-locked-scan-dropped.png' });
    for (let i = 0; i < 5; i++) {
      await page.getByLabel('PIN', { exact: true }).fill('0000');
      await page.getByLabel('PIN', { exact: true }).press('Enter');
      await expect(page.getByRole('alert').last()).toHaveAttribute('data-error-code', /WRONG_PIN|PIN_LOCKED/);
    }
    await expect(page.locator('[data-error-code="PIN_LOCKED"]')).toContainText('请 30 秒后再试');
    await page.getByLabel('PIN', { exact: true }).fill('8642');
    await page.getByLabel('PIN', { exact: true }).press('Enter');
    await expect(page.locator('[data-error-code="PIN_LOCKED"]')).toBeVisible();
    await page.screenshot({ path: 'test-results/screens/gate-pin-locked.png' });
    // The countdown ticks: the seconds left go down while the screen shows them.
    const left = Number(await page.locator('[data-retry-after]').getAttribute('data-retry-after'));
    await expect.poll(async () => Number(await page.locator('[data-retry-after]').getAttribute('data-retry-after'))).toBeLessThan(left);
  });
});

test.describe('gate flow / 6. a venue of kind "other"', () => {
  test.use({ hostOptions: { profile: { pack: 'cn-2022-12-07', venueKind: 'other' }, now: NOW } });

  test('says nothing is to be checked (N113-2), shows no G/Y/R/M prompts and no window, and keeps the visitor register', async ({ station, page }) => {
    await expect(page.locator('[data-notice="nothing-to-check"]')).toContainText('N113-2');
    await expect(page.locator('.window')).toHaveCount(0);
    await expect(page.locator('.keys-help')).not.toContainText('绿码');
    await station.keys.press('g');
    await station.keys.press('m');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await station.scan('ANY-VISITOR-CODE-1');
    await station.expectOutcome('admit');
    await expect(page.getByRole('status')).not.toContainText('请查看对方手机');
    await expect(station.counter('admit')).toHaveText('1');
    await station.shot('gate-other-venue');
  });
});

test.describe('gate flow / 8. fever and temperature at a hospital', () => {
  test.use({ hostOptions: { profile: MEDICAL, now: NOW } });

  test('T and a typed 37.8 °C send a patient to the fever clinic; a thermometer typing 37.6 does the same', async ({ station, page }) => {
    await station.keys.press('t');
    const field = page.getByRole('dialog', { name: '体温' }).getByRole('textbox');
    await field.fill('37.8');
    await field.press('Enter');
    const status = page.getByRole('status');
    await expect(status).toHaveAttribute('data-route', 'fever-clinic');
    await expect(status).toContainText('体温 37.8 °C');
    await station.shot('gate-fever-typed');
    await station.scan('37.6', 5);
    await expect(status).toContainText('体温 37.6 °C');
    await expect(status).toHaveAttribute('data-route', 'fever-clinic');
    // The thermometer's reading, taken while the outcome shows, completes the same person's entry: one person routed.
    await expect(station.counter('route')).toHaveText('1');
  });

  test('36.5 °C is recorded and is not fever', async ({ station, page }) => {
    await station.scan('36.5', 5);
    await expect(page.getByRole('status')).toContainText('体温 36.5 °C');
    await expect(page.getByRole('status')).not.toHaveAttribute('data-route', 'fever-clinic');
  });
});

test.describe('gate flow / 9. the outcome panel at 1366×768', () => {
  test.use({ hostOptions: { profile: ELDERCARE, now: NOW } });

  test('need and refuse fit above the fold with the missing proof visible, say when they clear, and list problems', async ({ station, page }) => {
    await station.scan('https://jkm.example.cn/qr?c=DD44');
    const status = page.getByRole('status');
    await expect(status).toHaveAttribute('data-outcome', 'need');
    await expect(status).toHaveAttribute('data-problems', '');
    await expect(status.locator('.outcome-countdown')).toContainText('秒后清除');
    const missing = status.locator('.outcome-missing');
    await expect(missing).toBeInViewport({ ratio: 1 });
    await station.shot('gate-need-1366');
    await station.keys.press('y');
    await station.expectOutcome('refuse');
    await expect(status.locator('.outcome-missing')).toBeInViewport({ ratio: 1 });
    await station.shot('gate-refuse-1366');
  });
});

test.describe('gate flow / clock jump (hardening)', () => {
  test.use({
    hostOptions: {
      profile: ELDERCARE,
      now: NOW,
      // The station's clock leapt a year ahead within a minute of uptime, and the clock watch saw it.
      prepare: async (dataDir) => {
        const { openGate } = await import('../../electron/main/services/compose');
        const { saveStationConfig } = await import('../../electron/main/services/station-config');
        const { hashPin } = await import('../../electron/main/services/pins');
        let wall = Date.parse(NOW) - 365 * 86_400_000;
        let uptime = 1_000_000;
        const gate = await openGate(dataDir, { clock: () => wall, monotonic: () => uptime });
        saveStationConfig(gate.settings, gate.packs, { venueName: '示例场所', stationName: '1号岗', profile: ELDERCARE });
        gate.settings.put('adminPin', hashPin('975310'));
        wall = Date.parse(NOW);
        uptime += 60_000;
        gate.watchClock();
        gate.close();
      },
    },
  });

  test('a forward jump of over a day is on the scan screen; the admin confirms the time in Settings and it goes', async ({ station, page }) => {
    const banner = page.locator('[data-warning="clock-jump"]');
    await expect(banner).toContainText('本机时钟从 2025-11-20');
    await expect(banner).toContainText('自动清理已暂停');
    await station.shot('gate-clock-jump');
    await page.keyboard.press('F3');
    await page.getByLabel('管理员 PIN', { exact: true }).fill('975310');
    await page.getByLabel('管理员 PIN', { exact: true }).press('Enter');
    await page.getByRole('button', { name: '时间已核对无误，恢复自动清理' }).click();
    await expect(page.getByRole('button', { name: '时间已核对无误，恢复自动清理' })).toBeHidden();
    await page.keyboard.press('Escape');
    await expect(page.locator('[data-outcome="idle"]')).toBeVisible();
    await expect(banner).toBeHidden();
  });
});
