// The camera path for real: Chromium's fake capture device plays a video of a QR code made from a real EU DCC test
// certificate; @zxing/library decodes it in a worker; the outcome appears.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { test, expect, CHROMIUM, CHROMIUM_ARGS } from './fixtures';
import { dccVector, trustListFor } from '../support/dcc-vectors';
import { qrY4m } from '../support/qr-video';
import { TimedKeys } from './pages/keys';

const CH2 = dccVector('CH/2.json');

test.describe('camera / fake capture device', () => {
  test.use({ hostOptions: { profile: { pack: 'cn-2022-12-07', venueKind: 'medical' }, trust: [trustListFor(CH2)], now: CH2.json.TESTCTX!.VALIDATIONCLOCK! } });

  test('a QR code held to the camera is decoded off the UI thread and admits the patient', async ({ host }) => {
    const video = await qrY4m(CH2.json.PREFIX!, mkdtempSync(join(tmpdir(), 'gatecheck-cam-')));
    const browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true,
      args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`, '--use-fake-ui-for-media-stream'],
    });
    try {
      const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
      await context.grantPermissions(['camera']);
      const page = await context.newPage();
      await page.goto(host.url);
      await expect(page.locator('[data-outcome="idle"]')).toBeVisible();
      await new TimedKeys(page).press('c');
      await expect(page.locator('[data-camera="on"]')).toBeVisible();
      await expect(page.getByRole('status')).toHaveAttribute('data-outcome', 'admit', { timeout: 20_000 });
      await expect(page.getByRole('status')).toContainText('Rochat');
      await page.screenshot({ path: 'test-results/screens/camera-admit.png' });
    } finally {
      await browser.close();
    }
  });
});
