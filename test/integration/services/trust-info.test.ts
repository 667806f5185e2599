import { describe, it, expect } from 'vitest';
import { trustInfo } from '../../../electron/main/services/gate';
import { createTrustStore } from '../../../electron/core/credentials/trust-store';

const day = 86_400_000;
describe('services/trustInfo', () => {
  it.each([
    { name: 'a list dated within the limit is current', date: '2026-11-01', now: Date.parse('2026-11-20T00:00:00Z'), stale: false },
    { name: 'exactly at the limit is still current', date: '2026-11-01', now: Date.parse('2026-11-01T00:00:00Z') + 30 * day, stale: false },
    { name: 'past the limit is stale', date: '2026-11-01', now: Date.parse('2026-11-01T00:00:00Z') + 30 * day + 1, stale: true },
    { name: 'a list without any date is stale', date: undefined, now: Date.parse('2026-11-20T00:00:00Z'), stale: true },
  ])('$name', async ({ date, now, stale }) => {
    const store = await createTrustStore([]);
    expect(trustInfo({ store, files: [], sources: [], date }, 30, now).isStale).toBe(stale);
  });
});

describe('services/trustInfo: expired signers', () => {
  it('names the EU signers whose certificate has expired by now, and only those', async () => {
    const { makeDccSigner } = await import('../../support/issue');
    const [current, expired] = await Promise.all([makeDccSigner({ country: 'XA' }), makeDccSigner({ country: 'XB', notBefore: '2021-01-01T00:00:00Z', notAfter: '2023-01-01T00:00:00Z' })]);
    const store = await createTrustStore([{ eu: current.trustList }, { eu: expired.trustList }]);
    const info = trustInfo({ store, files: [], sources: [], date: '2026-11-01' }, 30, Date.parse('2026-11-20T00:00:00Z'));
    expect(info.expiredSigners).toEqual([{ kid: expired.trustList.certificates[0]!.kid, country: 'XB', notAfter: '2023-01-01T00:00:00.000Z' }]);
    expect(trustInfo({ store, files: [], sources: [], date: '2026-11-01' }, 30, Date.parse('2022-06-01T00:00:00Z')).expiredSigners).toEqual([]);
  });
});
