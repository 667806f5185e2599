// Gate input (the input router): a scanner's burst that arrives while a prompt, a dialog or a form field is open is
// never read as the operator's keys. Every burst carries DevTools timestamps 2 ms apart; people's keys are stamped
// at people's pace. At 1366×768; screenshots go to test-results/screens/input-*.png.
import { test, expect } from './fixtures';
import { dccVector, trustListFor } from '../support/dcc-vectors';
import { SetupWizardPage } from './pages/SetupWizardPage';
import { TimedKeys } from './pages/keys';
import type { ScanStationPage } from './pages/ScanStationPage';
import { csv, idNumber } from '../support/roster-files';

const ELDERCARE = { pack: 'cn-2022-12-07', venueKind: 'eldercare', natWindowHours: 48 };
// CO5: read whole, but its signature does not verify (a forgery, as the station sees it). CH2: a genuine negative NAT.
const CO5 = dccVector('common/CO5.json');
const CH2 = dccVector('CH/2.json');
/** A code with a K and digits in it (a prompt's keys), at scanner speed. */
const CODE_WITH_K = 'HC1:NCFK1238KKG2Y3';

test.use({ viewport: { width: 1366, height: 768 } });

const outcomeOf = async (station: ScanStationPage) => ({
  outcome: await station.outcome.getAttribute('data-outcome'),
  entry: await station.outcome.getAttribute('data-entry-id'),
});

test.describe('gate input / bursts into the station\'s prompts', () => {
  test.use({ hostOptions: { profile: ELDERCARE, trust: [trustListFor(CO5)], now: CO5.json.TESTCTX!.VALIDATIONCLOCK! } });

  test('a forged certificate scanned into the open G prompt closes it, chooses nothing and is checked as the next entrant', async ({ station, page }) => {
    await station.scan('https://jkm.example.cn/qr?c=AA11');
    await station.expectOutcome('need');
    const first = await outcomeOf(station);
    await station.keys.press('g');
    const green = page.locator('[data-prompt="green"]');
    await expect(green).toBeVisible();
    await expect(green.locator('[data-subject]')).toContainText(`补充登记 #${first.entry}`);
    // The burst arrives while the prompt shows; its keys (the 1 of HC1: among them) never reach it.
    await station.keys.type(CO5.json.PREFIX!, { msPerKey: 2, terminator: null });
    await station.shot('input-burst-into-green');
    await station.keys.type('', { msPerKey: 2, continues: true });
    await expect(green).toBeHidden();
    await expect(station.outcome).toHaveAttribute('data-problems', 'SIGNATURE');
    await expect(station.outcome).not.toHaveAttribute('data-entry-id', first.entry!);
    await station.expectOutcome('need');
    await expect(station.counter('admit')).toHaveText('0');
    await expect(station.counter('need')).toHaveText('2');
  });

  test('a code with K in it scanned into the phone-check prompt (K) does not confirm it: no admission', async ({ station, page }) => {
    await station.scan(CO5.json.PREFIX!, 1);
    await expect(station.outcome).toHaveAttribute('data-problems', 'SIGNATURE');
    await station.keys.press('g');
    await expect(page.locator('[data-prompt="green"]')).toBeVisible();
    await station.keys.press('2');
    const check = page.locator('[data-prompt="phone-check"]');
    await expect(check).toBeVisible();
    await station.keys.type(CODE_WITH_K, { msPerKey: 2, terminator: null });
    await station.shot('input-burst-into-phone-check');
    await station.keys.type('', { msPerKey: 2, continues: true });
    await expect(check).toBeHidden();
    await expect(station.counter('admit')).toHaveText('0');
    await expect(station.outcome).not.toHaveAttribute('data-outcome', 'admit');
  });

  test('a certificate scanned into the typed-ID dialog (I) is the certificate, whole: never a garbage ID or a COMPRESSION error', async ({ station, page }) => {
    await station.keys.press('i');
    const dialog = page.locator('[data-prompt="manual-entry"]');
    await expect(dialog).toBeVisible();
    await station.keys.type(CO5.json.PREFIX!, { msPerKey: 2, terminator: null });
    await station.shot('input-burst-into-id');
    await station.keys.type('', { msPerKey: 2, continues: true });
    await expect(dialog).toBeHidden();
    await expect(station.outcome).toHaveAttribute('data-problems', 'SIGNATURE');
    await expect(station.counter('need')).toHaveText('1');
  });

  test('a certificate scanned into the temperature dialog (T) is checked as the next entrant; a thermometer\'s 36.8 fills the field', async ({ station, page }) => {
    await station.scan('https://jkm.example.cn/qr?c=TT11');
    await station.keys.press('t');
    const dialog = page.locator('[data-prompt="temperature"]');
    await expect(dialog).toBeVisible();
    await station.keys.type('36.8', { msPerKey: 2 });
    await expect(dialog.getByRole('textbox')).toHaveValue('36.8');
    await station.keys.type(CO5.json.PREFIX!, { msPerKey: 2, terminator: null });
    await station.shot('input-burst-into-temperature');
    await station.keys.type('', { msPerKey: 2, continues: true });
    await expect(dialog).toBeHidden();
    await expect(station.outcome).toHaveAttribute('data-problems', 'SIGNATURE');
    await expect(station.outcome).not.toContainText('体温');
  });

  test('a certificate scanned into the paper dialog (M) leaves no paper entry', async ({ station, page }) => {
    await station.keys.press('m');
    const dialog = page.locator('[data-prompt="paper"]');
    await expect(dialog).toBeVisible();
    await expect(dialog.locator('[data-subject]')).toContainText('新的来访者');
    await station.keys.type(CO5.json.PREFIX!, { msPerKey: 2 });
    await expect(dialog).toBeHidden();
    await expect(station.outcome).toHaveAttribute('data-problems', 'SIGNATURE');
    await expect(station.counter('need')).toHaveText('1');
  });

  test('people type at every pace: I then an ID at 80 ms a key with no pause lands whole in the field, and Enter checks it', async ({ station, page }) => {
    await station.keys.type('i11010519491231002X', { msPerKey: 80, terminator: null });
    const dialog = page.locator('[data-prompt="manual-entry"]');
    await expect(dialog.getByRole('textbox')).toHaveValue('11010519491231002X');
    await expect(dialog.locator('[data-feedback]')).toHaveAttribute('data-feedback', 'idOk');
    await station.keys.type('', { msPerKey: 80, continues: true });
    await expect(dialog).toBeHidden();
    await station.expectOutcome('need');
  });
});

test.describe('gate input / entrants have edges', () => {
  test.use({ hostOptions: { profile: ELDERCARE, trust: [trustListFor(CH2)], now: CH2.json.TESTCTX!.VALIDATIONCLOCK! } });

  test('a certificate admitted, Esc, then a phone-only person attested with G: two entrants, the first unchanged', async ({ station, page }) => {
    await station.scan(CH2.json.PREFIX!, 2);
    await station.expectOutcome('need');
    await expect(page.locator('[data-subject]')).toContainText('登记 #1');
    await station.attestGreen('code-only');
    await station.expectOutcome('admit');
    const completed = await outcomeOf(station);
    await page.keyboard.press('Escape');
    await station.expectOutcome('idle');
    await station.keys.press('g');
    const green = page.locator('[data-prompt="green"]');
    await expect(green.locator('[data-subject]')).toContainText('新的来访者');
    await station.shot('input-new-entrant-prompt');
    await page.keyboard.press('2');
    await station.expectOutcome('admit');
    const next = await outcomeOf(station);
    expect(Number(next.entry)).toBeGreaterThan(Number(completed.entry));
    // Two people admitted: the certificate's (completed once) and the phone-only one.
    await expect(station.counter('admit')).toHaveText('2');
    await expect(page.locator('[data-subject]')).toContainText(`登记 #${next.entry}`);
  });
});

test.describe('gate input / correcting from the register', () => {
  test.use({ hostOptions: { profile: ELDERCARE, now: '2026-11-20T10:00:00+08:00' } });

  test('F2, pick the entry, G 3: the prompt names the entry it changes, and the register shows the last choice (72 h: need)', async ({ station, page }) => {
    await station.scan('https://jkm.example.cn/qr?c=FIX1');
    await station.attestGreen(24);
    await station.expectOutcome('admit');
    await page.keyboard.press('Escape');
    await page.keyboard.press('F2');
    const row = (id: number) => page.locator(`tbody tr[data-entry="${id}"]`);
    await row(2).focus();
    await page.keyboard.press('Enter');
    const detail = page.getByRole('dialog', { name: '登记 #2 详情' });
    await expect(detail).toBeVisible();
    await new TimedKeys(page).press('g');
    const green = page.locator('[data-prompt="green"]');
    await expect(green.locator('[data-subject]')).toContainText('更正登记 #2');
    await page.screenshot({ path: 'test-results/screens/input-register-correct.png' });
    await page.keyboard.press('3');
    await expect(page.getByRole('dialog', { name: '登记 #3 详情' })).toBeVisible();
    await expect(page.getByRole('dialog', { name: '登记 #3 详情' }).locator('[data-chain-entry]')).toHaveCount(3);
    await expect(row(3)).toHaveAttribute('data-outcome', 'need');
    await expect(row(3).locator('td.reason')).toContainText('72 小时内');
    await expect(row(3).locator('td.reason')).not.toContainText('24 小时内');
    await expect(row(2)).toHaveAttribute('data-outcome', 'admit'); // the history stays
  });
});

test.describe('gate input / screens that take no scans', () => {
  test.use({ hostOptions: {} });

  test('a scan into the wizard, the lock screen\'s PIN and the register\'s search is dropped with a notice; fields keep what was typed', async ({ page, host }) => {
    await page.goto(host.url);
    const keys = new TimedKeys(page);
    await expect(page.getByRole('form', { name: '首次设置' })).toBeVisible();
    await page.getByLabel('场所名称').fill('实验小学');
    await page.getByLabel('场所名称').focus();
    await keys.type('HC1:NCFOXN%TS3DH3ZSUZK', { msPerKey: 2 });
    await expect(page.locator('[data-notice="scan-ignored"]')).toContainText('扫码已忽略');
    await expect(page.getByLabel('场所名称')).toHaveValue('实验小学');
    await page.screenshot({ path: 'test-results/screens/input-wizard-scan-ignored.png' });
    await new SetupWizardPage(page).complete({ venueName: '实验小学', stationName: '东门', venueKind: 'school', adminPin: '975310', operator: '赵敏', operatorPin: '8642' });

    await keys.press('l');
    await expect(page.locator('[data-screen="sign-in"]')).toBeVisible();
    const pin = page.getByLabel('PIN', { exact: true });
    await pin.focus();
    await keys.type('86', { msPerKey: 150, terminator: null });
    await keys.type('GC1:12345678', { msPerKey: 2 });
    await expect(page.locator('[data-warning="sign-in-first"]')).toContainText('请先登录');
    await expect(pin).toHaveValue('86');
    await keys.type('42', { msPerKey: 150 });
    await expect(page.locator('[data-screen="station"]')).toBeVisible();

    await page.keyboard.press('F2');
    const name = page.getByLabel('姓名');
    await name.fill('张');
    await name.focus();
    await keys.type(CODE_WITH_K, { msPerKey: 2 });
    await expect(page.locator('[data-notice="scan-ignored"]')).toBeVisible();
    await expect(name).toHaveValue('张');
    await page.screenshot({ path: 'test-results/screens/input-register-scan-ignored.png' });
  });

  test('F1 on the lock screen admits an emergency at once, with no PIN', async ({ page, host }) => {
    await page.goto(host.url);
    await new SetupWizardPage(page).complete({ venueName: '仁和医院', stationName: '急诊门', venueKind: 'medical', adminPin: '975310', operator: '赵敏', operatorPin: '8642' });
    await new TimedKeys(page).press('l');
    await expect(page.locator('[data-screen="sign-in"]')).toBeVisible();
    await page.keyboard.press('F1');
    await expect(page.locator('[data-emergency-locked] [data-outcome]')).toHaveAttribute('data-outcome', 'admit-emergency');
    await page.screenshot({ path: 'test-results/screens/input-locked-emergency.png' });
  });
});

test.describe('gate input / English from the first screen', () => {
  test.use({ hostOptions: {} });

  test('the wizard in English, the browser\'s own words (validation, file fields) in English, and row errors in English', async ({ page, host }) => {
    await page.goto(host.url);
    await page.getByLabel('界面语言 Language').selectOption('en');
    const form = page.getByRole('form', { name: 'First-run setup' });
    await expect(form).toBeVisible();
    // An empty required field: the bubble speaks the station's language, not the browser's.
    await page.getByLabel('Venue name').press('Enter');
    expect(await page.getByLabel('Venue name').evaluate((el: HTMLInputElement) => el.validationMessage)).toBe('Please fill in this field');
    await page.getByLabel('Venue name').fill('Sunrise Home');
    await page.getByLabel('Station name').fill('North gate');
    await page.getByLabel('Admin PIN', { exact: true }).fill('975310');
    await page.getByLabel('Admin PIN again').fill('975310');
    await page.getByLabel('First operator').fill('Zhao Min');
    await page.locator('input[name="operatorPin"]').fill('12');
    await page.locator('input[name="operatorPin"]').press('Enter');
    expect(await page.locator('input[name="operatorPin"]').evaluate((el: HTMLInputElement) => el.validationMessage)).toBe('Wrong format');
    await page.screenshot({ path: 'test-results/screens/input-wizard-english.png' });
    await page.locator('input[name="operatorPin"]').fill('8642');
    await page.locator('input[name="operatorPin"]').press('Enter');
    await expect(page.locator('[data-screen="station"]')).toBeVisible();
    await expect(page.locator('.keys-help')).toContainText('Esc next person');

    await page.keyboard.press('F3');
    await page.getByLabel('Admin PIN', { exact: true }).fill('975310');
    await page.getByLabel('Admin PIN', { exact: true }).press('Enter');
    await expect(page.locator('.file-picker').first()).toContainText('Choose file');
    await expect(page.locator('.file-picker').first()).toContainText('No file chosen');
    const roster = csv([['姓名', '身份证号', '类别'], ['Li Xiaoming', idNumber(7), '住养人员'], ['Wrong', '110105194912310021', '住养人员']], 'utf8');
    await page.locator('[data-import="roster"]').setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: roster });
    const preview = page.locator('[data-preview="roster"]');
    await expect(preview).toContainText('wrong check digit');
    await expect(preview.locator('.field-error')).not.toContainText('校验位');
    await expect(page.locator('[data-import="roster"]').locator('xpath=..')).toContainText('roster.csv');
  });
});

// A name from a roster file 10,000 characters long, right-to-left, with a bidi override: the panel stays the screen's
// width, the name is cut with an ellipsis and isolated, and the whole of it is there on hover.
const LONG_RTL_NAME = '\u202Eمحمد' + 'אבגדהוזחטי'.repeat(999);
test.describe('gate input / names that would break the screen', () => {
  test.use({
    hostOptions: {
      profile: ELDERCARE,
      prepare: async (dataDir) => {
        const { openGate } = await import('../../electron/main/services/compose');
        const { importTable } = await import('../../electron/main/services/imports/import-table');
        const gate = await openGate(dataDir);
        await importTable({ rosters: gate.rosters, hashId: gate.hashId, clock: Date.now }, 'roster', csv([['姓名', '身份证号', '类别'], [LONG_RTL_NAME, idNumber(21), '家属']], 'utf8'), 'r.csv', true);
        gate.close();
      },
    },
  });

  test('a 10,000-character right-to-left name: the panel and the day\'s list stay 1366 px wide, the name cut and isolated', async ({ station, page }) => {
    await station.scan(idNumber(21));
    await station.expectOutcome('need');
    const name = station.outcome.locator('.outcome-holder [data-name]');
    await expect(name).toHaveAttribute('title', LONG_RTL_NAME);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    const box = await station.outcome.boundingBox();
    expect(box!.width).toBeLessThanOrEqual(1366);
    expect(await name.evaluate((el) => el.tagName)).toBe('BDI');
    await expect(page.locator('.recent [data-name]').first()).toBeVisible();
    await station.shot('input-long-rtl-name');
  });
});
