// A serial-mode scanner in real Chromium (issue 32): `serve:web --serial` on a socat pseudo-terminal; what the scanner
// writes is checked like a keyboard scan, under the same rules (a prompt closes; Settings ignores it), and garbage
// is said on the status chip while the gate keeps scanning.
import { test, expect } from './fixtures';
import { dccVector, trustListFor } from '../support/dcc-vectors';
import { ptyPair, type PtyPair } from '../support/pty';

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
