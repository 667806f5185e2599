// The camera path for real: Chromium's fake capture device plays a video of a QR code made from a real EU DCC test
// certificate (held still, or on a phone sliding into view); the camera's decoder reads it in a worker; the outcome appears.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { test, expect, CHROMIUM, CHROMIUM_ARGS } from './fixtures';
import { dccVector, trustListFor } from '../support/dcc-vectors';
import { qrPhoneY4m, qrY4m } from '../support/qr-video';
import { TimedKeys } from './pages/keys';

const CH2 = dccVector('CH/2.json');

/** A browser whose camera plays `video` (Chromium's fake capture device), on the station, with the camera allowed. */
async function withCamera(video: string, url: string, viewport: { width: number; height: number }, body: (page: Page) => Promise<void>): Promise<void> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`, '--use-fake-ui-for-media-stream'],
  });
  try {
    const context = await browser.newContext({ locale: 'zh-CN', viewport });
    await context.grantPermissions(['camera']);
    const page = await context.newPage();
    await page.goto(url);
    await expect(page.locator('[data-outcome="idle"]')).toBeVisible();
    await body(page);
  } finally {
    await browser.close();
  }
}

test.describe('camera / fake capture device', () => {
  test.use({ hostOptions: { profile: { pack: 'cn-2022-12-07', venueKind: 'medical' }, trust: [trustListFor(CH2)], now: CH2.json.TESTCTX!.VALIDATIONCLOCK! } });

  test('a QR code held to the camera is decoded off the UI thread and admits the patient', async ({ host }) => {
    const video = await qrY4m(CH2.json.PREFIX!, mkdtempSync(join(tmpdir(), 'gatecheck-cam-')));
    await withCamera(video, host.url, { width: 1280, height: 800 }, async (page) => {
      await new TimedKeys(page).press('c');
      await expect(page.locator('[data-camera="on"]')).toBeVisible();
      await expect(page.getByRole('status')).toHaveAttribute('data-outcome', 'admit', { timeout: 20_000 });
      await expect(page.getByRole('status')).toContainText('Rochat');
      // zxing-cpp read it: the worker's own CSP let its WebAssembly compile (the page's policy does not allow it).
      await expect(page.locator('[data-camera="on"]')).toHaveAttribute('data-engine', 'zxing-cpp');
      await page.screenshot({ path: 'test-results/screens/camera-admit.png' });
    });
  });

  test('a phone moving into view is read while it is held in the box: the code outlined, one entry however long it is held', async ({ host }) => {
    const video = await qrPhoneY4m(CH2.json.PREFIX!, mkdtempSync(join(tmpdir(), 'gatecheck-cam-')));
    await withCamera(video, host.url, { width: 1366, height: 768 }, async (page) => {
      // The outline shows for a moment only: note whether it ever appeared, however slow the machine.
      await page.evaluate(() => {
        const w = window as unknown as { outlined?: boolean };
        new MutationObserver(() => { if (document.querySelector('svg[data-found]')) w.outlined = true; }).observe(document.body, { subtree: true, childList: true });
      });
      await new TimedKeys(page).press('c');
      await expect(page.locator('[data-camera="on"] .aim')).toBeVisible();
      // The code is in view for 1.5 s of every 5 s loop; the first pass or the next must read it.
      await expect(page.getByRole('status')).toHaveAttribute('data-outcome', 'admit', { timeout: 20_000 });
      expect(await page.evaluate(() => (window as unknown as { outlined?: boolean }).outlined)).toBe(true);
      await page.screenshot({ path: 'test-results/screens/camera-phone-read.png' });
      // Held for the rest of the pass: still one entry for this code.
      await page.waitForTimeout(1500);
      const today = await page.evaluate(async () => (await (window as unknown as { gate: { today(i: object): Promise<{ ok: boolean; value: { recent: unknown[] } }> } }).gate.today({ limit: 20 })).value.recent.length);
      expect(today).toBe(1);
    });
  });

  test('no camera, or the permission refused: a message staff can act on, never the browser\'s words', async ({ host }) => {
    for (const [args, grant, problem, words] of [
      [[], true, 'no-camera', '未找到摄像头'],
      [['--use-fake-device-for-media-stream'], false, 'denied', '摄像头权限被拒绝'],
    ] as const) {
      const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...args] });
      try {
        const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 768 } });
        if (grant) await context.grantPermissions(['camera']);
        const page = await context.newPage();
        await page.goto(host.url);
        await expect(page.locator('[data-outcome="idle"]')).toBeVisible();
        await new TimedKeys(page).press('c');
        const section = page.locator('[data-camera="error"]');
        await expect(section).toHaveAttribute('data-camera-problem', problem, { timeout: 15_000 });
        await expect(section.getByRole('alert')).toContainText(words);
        await expect(section).not.toContainText(/Requested device|Permission denied|NotFoundError|NotAllowedError/);
        await page.screenshot({ path: `test-results/screens/camera-${problem}.png` });
      } finally {
        await browser.close();
      }
    }
  });
});
