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

describe('services/trustInfo: counted from when the station got the list', () => {
  const now = Date.parse('2026-12-03T00:00:00Z');
  const source = (origin: 'shipped' | 'imported', receivedMs?: number) => ({ kind: 'eu-signers' as const, name: 'eu.json', file: 'eu.json', origin, count: 1, inForce: true, date: '2026-11-01', ...(receivedMs ? { receivedMs } : {}) });
  it.each([
    { name: 'a shipped list 32 days old on a station set up 2 days ago is current (it was the newest when installed)', sources: [source('shipped')], setupAtMs: now - 2 * day, stale: false },
    { name: 'the same list 31 days after setup is stale', sources: [source('shipped')], setupAtMs: now - 31 * day, stale: true },
    { name: 'a station set up before setup times were kept: by the list\'s date alone', sources: [source('shipped')], setupAtMs: undefined, stale: true },
    { name: 'an imported list counts from its import, not from setup', sources: [source('imported', now - 5 * day)], setupAtMs: now - 90 * day, stale: false },
  ])('$name', async ({ sources, setupAtMs, stale }) => {
    const store = await createTrustStore([]);
    expect(trustInfo({ store, files: [], sources, date: '2026-11-01' }, 30, now, setupAtMs).isStale).toBe(stale);
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
