import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importTrustFile, loadTrust, trustPathsFor } from '../../../electron/main/services/trust';
import { makeDccSigner } from '../../support/issue';
import type { AppError } from '../../../electron/core/errors';

describe('services/trust', () => {
  it('imports a valid list atomically into the data folder and loads it with the shipped ones', async () => {
    const data = mkdtempSync(join(tmpdir(), 'gatecheck-trust-'));
    const signer = await makeDccSigner();
    const src = join(data, 'new-eu.json');
    writeFileSync(src, JSON.stringify({ ...signer.trustList, date: '2026-11-15' }));
    const imported = await importTrustFile(data, src);
    expect(imported.store.counts.euSigners).toBe(1);
    expect(readdirSync(join(data, 'trust'))).toEqual(['eu-dcc-signers.json']);
    const all = await loadTrust(trustPathsFor(data));
    expect(all.store.euSigners(signer.kid)).toHaveLength(1);
    expect(all.date).toBe('2026-11-15');
  });

  it('an EU revocation list is imported beside the signers, and a certificate it names is REVOKED at the gate', async () => {
    const { createHash } = await import('node:crypto');
    const { issueDcc, dccTestContent } = await import('../../support/issue');
    const { decodeEuDcc, decodeDccStructure } = await import('../../../electron/core/credentials/eu-dcc');
    const data = mkdtempSync(join(tmpdir(), 'gatecheck-trust-rev-'));
    const signer = await makeDccSigner();
    const times = { iat: Date.parse('2026-11-19T00:00:00Z') / 1000, exp: Date.parse('2026-12-19T00:00:00Z') / 1000 };
    const hc1 = await issueDcc(signer, dccTestContent({ sampledAt: '2026-11-19T00:00:00Z' }), times);
    const uci = String((decodeDccStructure(hc1).decoded.content.t![0] as { ci: string }).ci);
    writeFileSync(join(data, 'eu.json'), JSON.stringify(signer.trustList));
    writeFileSync(join(data, 'rev.json'), JSON.stringify({ date: '2026-11-19', revocations: [{ kid: signer.trustList.certificates[0]!.kid, hashType: 'UCI', hashes: [createHash('sha256').update(uci).digest().subarray(0, 16).toString('base64')] }] }));
    await importTrustFile(data, join(data, 'eu.json'));
    const before = await loadTrust(trustPathsFor(data));
    expect((await decodeEuDcc(hc1, before.store, Date.parse('2026-11-20T00:00:00Z'))).ok).toBe(true);
    await importTrustFile(data, join(data, 'rev.json'));
    expect(readdirSync(join(data, 'trust')).sort()).toEqual(['eu-dcc-revocations.json', 'eu-dcc-signers.json']);
    const after = await loadTrust(trustPathsFor(data));
    expect(await decodeEuDcc(hc1, after.store, Date.parse('2026-11-20T00:00:00Z'))).toMatchObject({ ok: false, code: 'REVOKED' });
  });

  it('the EU value sets ship with the app; an imported newer set lands in its own file and is the one in force', async () => {
    const { issueDcc, dccTestContent } = await import('../../support/issue');
    const { decodeEuDcc } = await import('../../../electron/core/credentials/eu-dcc');
    const data = mkdtempSync(join(tmpdir(), 'gatecheck-trust-vs-'));
    const signer = await makeDccSigner();
    writeFileSync(join(data, 'eu.json'), JSON.stringify(signer.trustList));
    await importTrustFile(data, join(data, 'eu.json'));
    const times = { iat: Date.parse('2026-11-19T00:00:00Z') / 1000, exp: Date.parse('2026-12-19T00:00:00Z') / 1000 };
    const hc1 = await issueDcc(signer, dccTestContent({ method: 'antigen', sampledAt: '2026-11-19T00:00:00Z', fields: { ma: '9999' } }), times);
    const at = Date.parse('2026-11-20T00:00:00Z');
    const shipped = await loadTrust(trustPathsFor(data));
    expect([...shipped.store.valueSets.keys()].sort()).toEqual(['country-2-codes', 'covid-19-lab-result', 'covid-19-lab-test-manufacturer-and-name', 'covid-19-lab-test-type', 'disease-agent-targeted']);
    expect(await decodeEuDcc(hc1, shipped.store, at)).toMatchObject({ ok: false, code: 'VALUE_SET' });

    const manf = JSON.parse(readFileSync(join(trustPathsFor(data)[1]!, 'test-manf.json'), 'utf8')) as { valueSetValues: Record<string, unknown> };
    writeFileSync(join(data, 'manf.json'), JSON.stringify({ ...manf, valueSetDate: '2026-11-01', valueSetValues: { ...manf.valueSetValues, 9999: { display: 'A device added later', lang: 'en', active: true, system: 'x', version: '' } } }));
    await importTrustFile(data, join(data, 'manf.json'));
    expect(readdirSync(join(data, 'trust')).sort()).toEqual(['eu-dcc-signers.json', 'valueset-covid-19-lab-test-manufacturer-and-name.json']);
    const updated = await loadTrust(trustPathsFor(data));
    expect(updated.store.valueSets.get('covid-19-lab-test-manufacturer-and-name')?.date).toBe('2026-11-01');
    expect((await decodeEuDcc(hc1, updated.store, at)).ok).toBe(true);
  });

  it('a newer list replaces the old one: a signer it drops is no longer trusted', async () => {
    const data = mkdtempSync(join(tmpdir(), 'gatecheck-trust-'));
    const [old, current] = await Promise.all([makeDccSigner(), makeDccSigner()]);
    writeFileSync(join(data, 'a.json'), JSON.stringify(old.trustList));
    writeFileSync(join(data, 'b.json'), JSON.stringify(current.trustList));
    await importTrustFile(data, join(data, 'a.json'));
    await importTrustFile(data, join(data, 'b.json'));
    const all = await loadTrust(trustPathsFor(data));
    expect(all.store.euSigners(old.kid)).toHaveLength(0);
    expect(all.store.euSigners(current.kid)).toHaveLength(1);
  });

  it('a broken list changes nothing and says which entry is wrong', async () => {
    const data = mkdtempSync(join(tmpdir(), 'gatecheck-trust-'));
    const good = join(data, 'good.json');
    writeFileSync(good, JSON.stringify((await makeDccSigner()).trustList));
    await importTrustFile(data, good);
    const bad = join(data, 'good-bad.json');
    writeFileSync(bad, JSON.stringify({ issuers: [{ iss: 'http://insecure.example', keys: [] }] }));
    let err: AppError | undefined;
    try {
      await importTrustFile(data, bad);
    } catch (e) {
      err = e as AppError;
    }
    expect(err?.code).toBe('TRUST_INVALID');
    expect(err?.detail).toMatch(/issuers\.0\.iss/);
    expect(readdirSync(join(data, 'trust'))).toEqual(['eu-dcc-signers.json']);
    expect(JSON.parse(readFileSync(join(data, 'trust', 'eu-dcc-signers.json'), 'utf8')).certificates).toHaveLength(1);
  });

  it('refuses a SMART key whose kid is not its thumbprint, and a list holding a private key', async () => {
    const data = mkdtempSync(join(tmpdir(), 'gatecheck-trust-'));
    const f = join(data, 'keys.json');
    writeFileSync(f, JSON.stringify({ issuers: [{ iss: 'https://x.example', keys: [{ kty: 'EC', crv: 'P-256', alg: 'ES256', kid: 'wrong', x: 'As6KMEkz6ENvr-5P6xDziSsvnsHR44KYnHu5OuQc6VE', y: 'BqaYxgYEb41nj1p_yamXBqmvz7Ae5ZGdBU89AfEtjQg' }] }] }));
    await expect(loadTrust([f])).rejects.toMatchObject({ code: 'TRUST_INVALID', detail: expect.stringMatching(/thumbprint/) });
    writeFileSync(f, JSON.stringify({ issuers: [{ iss: 'https://x.example', keys: [{ kty: 'EC', crv: 'P-256', alg: 'ES256', kid: 'k', x: 'a', y: 'b', d: 'secret' }] }] }));
    await expect(loadTrust([f])).rejects.toMatchObject({ code: 'TRUST_INVALID', detail: expect.stringMatching(/private key/) });
  });
});
