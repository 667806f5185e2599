// A serial-mode scanner in real Chromium (issue 32): `serve:web --serial` on a socat pseudo-terminal; what the scanner
// writes is checked like a keyboard scan, under the same rules (a prompt closes; Settings ignores it), and garbage
// is said on the status chip while the gate keeps scanning.
import { test, expect } from './fixtures';
import { dccVector, trustListFor } from '../support/dcc-vectors';
import { ptyPair, type PtyPair } from '../support/pty';
import { SetupWizardPage } from './pages/SetupWizardPage';

const CH2 = dccVector('CH/2.json');
const hc1 = CH2.json.PREFIX!;
const now = CH2.json.TESTCTX!.VALIDATIONCLOCK!;
let pty: PtyPair | undefined;

test.describe('serial scanner / a medical venue', () => {
  test.use({ hostOptions: { profile: { pack: 'cn-2022-12-07', venueKind: 'medical' }, trust: [trustListFor(CH2)], now, serial: 'scanner-port', prepare: async (dataDir) => { pty = await ptyPair(dataDir); } } });
  test.afterEach(async () => {
    await pty?.close();
    pty = undefined;
  });

  test('a certificate written to the port is checked and recorded as a serial scan; garbage is said, and the next scan still counts', async ({ station, page }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await expect(page.locator('[data-serial="connected"]')).toBeVisible();
    pty!.send(`${hc1}\r\n`);
    await expect(page.locator('[data-outcome]')).toHaveAttribute('data-outcome', 'admit');
    await station.shot('serial-admit');
    const rows = await page.evaluate(() => (window as unknown as { gate: { searchRegister(i: unknown): Promise<{ ok: boolean; value: { id: number }[] }> } }).gate.searchRegister({ limit: 10 }));
    expect(rows.value).toHaveLength(1);
    const detail = await page.evaluate((id) => (window as unknown as { gate: { entryDetail(i: unknown): Promise<{ value: { evidence: { input?: string } } }> } }).gate.entryDetail({ id }), rows.value[0]!.id);
    expect(detail.value.evidence.input).toBe('serial');

    pty!.send(Buffer.from([0x00, 0xff, 0x1b, 0x5b, 0x33, 0x31, 0x6d, 0x0d]));
    await expect(page.locator('[data-serial-problem="garbage"]')).toBeVisible();
    await station.shot('serial-garbage');
    // A prompt open (G): the serial scan closes it, records nothing from it, and is checked as the next entrant.
    await page.keyboard.press('Escape');
    await station.keys.press('g');
    await expect(page.getByRole('dialog')).toBeVisible();
    pty!.send('PATIENT-HEALTH-CODE-7\r');
    await expect(page.getByRole('dialog')).toBeHidden();
    await expect(page.locator('[data-outcome]')).toHaveAttribute('data-outcome', 'route');
    // That good scan cleared the garbage note: the chip says only that the port is connected.
    await expect(page.locator('[data-serial="connected"]')).toHaveAttribute('data-serial-problem', '');
    // In Settings a scan is ignored, visibly.
    await page.keyboard.press('F3');
    pty!.send('IGNORED-IN-SETTINGS\r');
    await expect(page.locator('[data-notice="scan-ignored"]')).toBeVisible();
    await page.keyboard.press('Escape');
    const after = await page.evaluate(() => (window as unknown as { gate: { searchRegister(i: unknown): Promise<{ value: unknown[] }> } }).gate.searchRegister({ limit: 10 }));
    expect(after.value).toHaveLength(2);
  });

  test('the port unplugged: the chip says so and keyboard scans go on; plugged back, serial scans work again', async ({ station, page }) => {
    await expect(page.locator('[data-serial="connected"]')).toBeVisible();
    await pty!.unplug();
    await expect(page.locator('[data-serial="disconnected"]')).toBeVisible();
    await station.shot('serial-unplugged');
    await station.scan('KEYBOARD-STILL-WORKS-1');
    await station.expectOutcome('route');
    await pty!.plug();
    await expect(page.locator('[data-serial="connected"]')).toBeVisible({ timeout: 10_000 });
    pty!.send('SERIAL-AGAIN-2\r');
    await expect(page.locator('[data-outcome]')).toHaveAttribute('data-entry-id', '2');
  });
});

test.describe('serial scanner chosen in Settings', () => {
  // Set up through the wizard (an admin PIN); no --serial: the port is Settings' to choose.
  test.use({ hostOptions: { trust: [trustListFor(CH2)], now, prepare: async (dataDir) => { pty = await ptyPair(dataDir); } } });
  test.afterEach(async () => {
    await pty?.close();
    pty = undefined;
  });

  test('an admin picks the port, baud rate and terminator; it connects at once, scans, and is gone when set to none', async ({ page, host }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(host.url);
    await new SetupWizardPage(page).complete({ venueName: '仁和医院', stationName: '门诊东门', venueKind: 'medical', adminPin: '975310', operator: '赵敏', operatorPin: '8642' });
    await expect(page.locator('[data-outcome="idle"]')).toBeVisible();
    await expect(page.locator('[data-serial]')).toHaveCount(0);
    await page.keyboard.press('F3');
    await page.getByLabel('管理员 PIN', { exact: true }).fill('975310');
    await page.getByLabel('管理员 PIN', { exact: true }).press('Enter');
    const devices = page.locator('[data-devices]');
    await expect(devices.locator('[data-serial-status="none"]')).toBeVisible();
    // No udev here: the ports are the device files; a pseudo-terminal is typed as "another port".
    await devices.locator('[data-field="serial-port"]').selectOption({ label: '其他端口（手动输入路径）' });
    await devices.locator('[data-field="serial-path"]').fill(pty!.port);
    await devices.locator('[data-field="serial-baud"]').selectOption('115200');
    await devices.locator('[data-field="serial-terminator"]').selectOption('gap');
    await devices.locator('[data-field="serial-gap"]').fill('80');
    // The browser host has no screens of its own: it opens /display (signed in with the station's token) for one.
    const [display] = await Promise.all([page.waitForEvent('popup'), devices.locator('[data-entrant-browser] a[data-action="open-display"]').click()]);
    await expect(display.locator('[data-screen="display"]')).toHaveAttribute('data-outcome', 'idle');
    await expect(display.locator('[data-screen="display"]')).toContainText('门诊东门');
    await devices.locator('[data-action="save-devices"]').click();
    await expect(devices.locator('[data-serial-status="connected"]')).toBeVisible();
    await devices.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/screens/settings-devices.png' });
    // A wrong path: said, not saved.
    await devices.locator('[data-field="serial-path"]').fill('ttyACM0');
    await devices.locator('[data-action="save-devices"]').click();
    await expect(page.locator('[data-error-code="INVALID_INPUT"]')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.locator('[data-serial="connected"]')).toBeVisible();
    // A scanner set to send no terminator: the quiet gap ends the scan.
    pty!.send(hc1);
    await expect(page.locator('[data-outcome]')).toHaveAttribute('data-outcome', 'admit');
    await expect(display.locator('[data-screen="display"]')).toHaveAttribute('data-outcome', 'admit');
    await display.close();
    const rows = await page.evaluate(() => (window as unknown as { gate: { searchRegister(i: unknown): Promise<{ value: { id: number }[] }> } }).gate.searchRegister({ limit: 10 }));
    const detail = await page.evaluate((id) => (window as unknown as { gate: { entryDetail(i: unknown): Promise<{ value: { evidence: { input?: string } } }> } }).gate.entryDetail({ id }), rows.value[0]!.id);
    expect(detail.value.evidence.input).toBe('serial');

    // Back in Settings: none. The chip goes; the port is let go.
    await page.keyboard.press('F3');
    await page.getByLabel('管理员 PIN', { exact: true }).fill('975310');
    await page.getByLabel('管理员 PIN', { exact: true }).press('Enter');
    await expect(devices.locator('[data-field="serial-path"]')).toHaveValue(pty!.port);
    await devices.locator('[data-field="serial-port"]').selectOption('');
    await devices.locator('[data-action="save-devices"]').click();
    await expect(devices.locator('[data-serial-status="none"]')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.locator('[data-outcome="idle"]').or(page.locator('[data-outcome="admit"]'))).toBeVisible();
    await expect(page.locator('[data-serial]')).toHaveCount(0);
  });
});
