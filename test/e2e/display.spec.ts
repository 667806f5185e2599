// The screen that faces the entrant (issue 32), as a second page on `/display` of the same host: it follows the
// station's outcome (a scanner's serial scan included), says what to do next and the gate's name, clears with the
// station, and shows nothing personal. Screenshots at 1920×1080 and 1366×768.
import { test, expect } from './fixtures';
import { dccVector, trustListFor } from '../support/dcc-vectors';
import { ptyPair, type PtyPair } from '../support/pty';

const CH2 = dccVector('CH/2.json');
const hc1 = CH2.json.PREFIX!;
const now = CH2.json.TESTCTX!.VALIDATIONCLOCK!;
let pty: PtyPair | undefined;

test.describe('display / facing the entrant', () => {
  test.use({ hostOptions: { profile: { pack: 'cn-2022-12-07', venueKind: 'medical' }, trust: [trustListFor(CH2)], now, stationName: '门诊东门', serial: 'scanner-port', prepare: async (dataDir) => { pty = await ptyPair(dataDir); } } });
  test.afterEach(async () => {
    await pty?.close();
    pty = undefined;
  });

  test('follows the station: a serial certificate admits on both; the display names no one; Esc clears both', async ({ station, page, host }) => {
    const display = await page.context().newPage();
    await display.setViewportSize({ width: 1920, height: 1080 });
    await display.goto(host.url.replace(/\/?#/, '/display#'));
    await expect(display.locator('[data-screen="display"]')).toHaveAttribute('data-outcome', 'idle');
    await expect(display.locator('[data-screen="display"]')).toContainText('门诊东门');
    await display.screenshot({ path: 'test-results/screens/display-idle-1920.png' });

    pty!.send(`${hc1}\r\n`);
    await expect(page.locator('[data-outcome]').first()).toHaveAttribute('data-outcome', 'admit');
    await expect(display.locator('[data-screen="display"]')).toHaveAttribute('data-outcome', 'admit');
    await expect(display.locator('[data-screen="display"]')).toContainText('请进');
    // The station shows the holder to compare; the display shows none of it.
    await expect(page.locator('.outcome-holder')).toContainText('Céline');
    const text = await display.locator('body').innerText();
    for (const personal of ['Céline', 'Rochat', 'ROCHAT', '1964', 'CH', 'HC1']) expect(text).not.toContain(personal);
    await display.screenshot({ path: 'test-results/screens/display-admit-1920.png' });
    await display.setViewportSize({ width: 1366, height: 768 });
    await display.screenshot({ path: 'test-results/screens/display-admit-1366.png' });

    await page.keyboard.press('Escape');
    await expect(display.locator('[data-screen="display"]')).toHaveAttribute('data-outcome', 'idle');

    // A code this app cannot verify, at a medical venue: the patient is sent to on-site sampling, and told so.
    await station.scan('PATIENT-HEALTH-CODE-42');
    await expect(display.locator('[data-screen="display"]')).toHaveAttribute('data-route', 'on-site-test');
    await expect(display.locator('[data-screen="display"]')).toContainText('请到现场采样点采样');
    await display.screenshot({ path: 'test-results/screens/display-route-1366.png' });
    // The station leaving its scan screen (the register, Settings, a lock) puts the welcome back.
    await page.keyboard.press('F2');
    await expect(display.locator('[data-screen="display"]')).toHaveAttribute('data-outcome', 'idle');
    await display.close();
  });
});
