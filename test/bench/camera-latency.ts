// The camera end to end: a real certificate on a phone sliding into the view of Chromium's fake camera (the Y4M of
// the e2e test), the station reading it in its worker and showing the outcome. Measured from the moment the phone
// starts entering the picture (1.0 s into the video's 5 s loop) to the outcome on screen, by the video's own clock.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeDccSigner, issueDcc, dccTestContent } from '../support/issue';
import { qrPhoneY4m } from '../support/qr-video';
import { TimedKeys } from '../e2e/pages/keys';
import { withStation } from './station';

const s = (iso: string) => Date.parse(iso) / 1000;
const ENTERS_AT_S = 1.0;
const LOOP_S = 5;

export async function benchCameraLatency(samples = 3): Promise<{ first_read_ms: number[]; first_read_ms_median: number; first_read_ms_max: number }> {
  const signer = await makeDccSigner();
  const hc1 = await issueDcc(signer, dccTestContent({ sampledAt: '2026-11-19T20:00:00+08:00' }), { iat: s('2026-11-19T21:00:00+08:00'), exp: s('2026-12-19T00:00:00Z') });
  const video = await qrPhoneY4m(hc1, mkdtempSync(join(tmpdir(), 'gatecheck-bench-cam-')));
  const profile = { pack: 'cn-2022-12-07', venueKind: 'medical', natWindowHours: 48, acceptAntigen: false, antigenWindowHours: 24 };
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const at = await withStation({
      profile, trustList: signer.trustList, viewport: { width: 1366, height: 768 }, camera: true,
      chromiumArgs: ['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`, '--use-fake-ui-for-media-stream'],
    }, async (page) => {
      // When the outcome turns to admit, note the video's time (the fake camera plays the file from its start).
      await page.evaluate(() => {
        const w = window as unknown as { readAtVideoS?: number };
        new MutationObserver(() => {
          const status = document.querySelector('[role="status"]');
          const v = document.querySelector<HTMLVideoElement>('.camera video');
          if (w.readAtVideoS === undefined && status?.getAttribute('data-outcome') === 'admit' && v) w.readAtVideoS = v.currentTime;
        }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-outcome'] });
      });
      await new TimedKeys(page).press('c');
      await page.waitForSelector('[role="status"][data-outcome="admit"]', { timeout: 30_000 });
      return page.evaluate(() => (window as unknown as { readAtVideoS?: number }).readAtVideoS);
    });
    if (at === undefined) throw new Error('camera latency: no read recorded');
    times.push(Math.round(((at % LOOP_S) - ENTERS_AT_S) * 1000));
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { first_read_ms: times, first_read_ms_median: sorted[Math.floor(sorted.length / 2)]!, first_read_ms_max: sorted.at(-1)! };
}
