// Real certificates typed at scanner speed, verified, judged and written to the register, seen in Chromium.
import { test, expect } from './fixtures';
import { dccVector, trustListFor } from '../support/dcc-vectors';

// CH/2 of dgc-testdata: a negative NAT (PS256), sampled 4.6 h before the vector's validation clock.
const CH2 = dccVector('CH/2.json');
const hc1 = CH2.json.PREFIX!;
const now = CH2.json.TESTCTX!.VALIDATIONCLOCK!;

test.describe('certificates / medical venue', () => {
  test.use({ hostOptions: { profile: { pack: 'cn-2022-12-07', venueKind: 'medical' }, trust: [trustListFor(CH2)], now } });

  test('a real EU DCC test certificate typed at 2 ms per key admits a patient, showing the holder to compare', async ({ station, page }) => {
    await expect(station.selectedCategory()).toHaveAttribute('data-category', 'patient');
    await station.scan(hc1, 2);
    await station.expectOutcome('admit');
    const status = page.getByRole('status');
    await expect(status).toContainText('核酸阴性');
    await expect(status).toContainText('采样距今 4.6 小时');
    await expect(status).toContainText('出生日期');
  });
});

test.describe('certificates / eldercare venue', () => {
  test.use({ hostOptions: { profile: { pack: 'cn-2022-12-07', venueKind: 'eldercare' }, trust: [trustListFor(CH2)], now } });

  test('the same certificate at an eldercare home needs a green code until one is attested (G), then admits', async ({ station, page }) => {
    await station.scan(hc1, 2);
    await station.expectOutcome('need');
    await expect(page.getByRole('status')).toContainText('绿色健康码');
    await station.attestGreen('code-only');
    await station.expectOutcome('admit');
    await expect(page.getByRole('status')).toContainText('健康码为绿码');
    await expect(page.getByRole('status')).toContainText('Rochat');
  });
});

test.describe('certificates / unknown signer', () => {
  test.use({ hostOptions: { profile: { pack: 'cn-2022-12-07', venueKind: 'medical' }, now } });

  test('without the signer in the trust list the patient is routed to sampling and staff see why', async ({ station, page }) => {
    await station.scan(hc1, 2);
    await station.expectOutcome('route');
    await expect(page.getByRole('status')).toContainText('签发机构不在信任列表中');
  });
});
