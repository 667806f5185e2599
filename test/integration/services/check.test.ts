// The check path end to end under Node: real decoders, real rules, a real register file.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openGate, type Gate } from '../../../electron/main/services/compose';
import { saveStationConfig } from '../../../electron/main/services/station-config';
import { DB_FILE_NAME } from '../../../electron/db/connection';
import { makeDccSigner, issueDcc, dccTestContent, makeShcIssuer, issueShc, labBundle } from '../../support/issue';

const NOW = Date.parse('2026-11-20T08:00:00Z');
const s = (iso: string) => Date.parse(iso) / 1000;
let gate: Gate;
let clock = NOW;
let hc1: string;
let shcChunks: string[];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatecheck-check-'));
  const signer = await makeDccSigner();
  const issuer = await makeShcIssuer();
  writeFileSync(join(dir, 'eu.json'), JSON.stringify(signer.trustList));
  writeFileSync(join(dir, 'smart.json'), JSON.stringify(issuer.trustList));
  hc1 = await issueDcc(signer, dccTestContent({ familyName: 'Zhao', givenName: 'Lei', dob: '1988-08-08', sampledAt: '2026-11-19T20:00:00Z' }), { iat: s('2026-11-19T21:00:00Z'), exp: s('2026-12-19T00:00:00Z') });
  const big = labBundle({ effective: '2026-11-19T20:00:00Z' });
  (big.entry as unknown[]).push(...Array.from({ length: 25 }, (_, i) => ({ fullUrl: `resource:${i + 2}`, resource: { resourceType: 'Observation', status: 'final', code: { text: `${i}-${Math.random().toString(36).repeat(3)}` } } })));
  shcChunks = (await issueShc(issuer, big, { nbf: s('2026-11-19T21:00:00Z'), chunks: 2 })).qr;
  gate = await openGate(join(dir, 'data'), { clock: () => clock, trustPaths: [join(dir, 'eu.json'), join(dir, 'smart.json')] });
  saveStationConfig(gate.settings, gate.packs, { venueName: '某医院', stationName: '门诊1号岗', profile: { pack: 'cn-2022-12-07', venueKind: 'medical' } });
});
afterAll(() => gate.close());

describe('services/check', () => {
  it('admits a patient with a verified negative NAT certificate and records who, when and why', async () => {
    const r = await gate.handlers.check({ code: hc1, category: 'patient', source: 'wedge' });
    expect(r).toMatchObject({ outcome: 'admit', format: 'eu-dcc', holder: { name: 'Zhao Lei', birthDate: '1988-08-08' }, hoursSinceSample: 12 });
    const entry = gate.entries.get(r.entryId!)!;
    expect(entry).toMatchObject({ outcome: 'admit', category: 'patient', format: 'eu-dcc', name: 'Zhao Lei', evidenceSummary: { issuer: 'AT', certificateType: 'test', tests: [{ method: 'nat', result: 'negative' }] } });
    expect(entry.payloadFingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the same certificate three days later sends the patient to on-site sampling, never refusing', async () => {
    clock = NOW + 72 * 3_600_000;
    const r = await gate.handlers.check({ code: hc1, category: 'patient', source: 'wedge' });
    clock = NOW;
    expect(r).toMatchObject({ outcome: 'route', route: 'on-site-test' });
  });

  it('collects the parts of a chunked SMART Health Card across scans, writing one entry', async () => {
    const before = gate.entries.countsForDay('2026-11-20').byOutcome.admit ?? 0;
    const first = await gate.handlers.check({ code: shcChunks[1]!, category: 'visitor', source: 'wedge' });
    expect(first).toMatchObject({ entryId: null, partial: { scanned: 1, total: 2 } });
    const second = await gate.handlers.check({ code: shcChunks[0]!, category: 'visitor', source: 'wedge' });
    expect(second).toMatchObject({ outcome: 'admit', format: 'shc' });
    expect(gate.entries.countsForDay('2026-11-20').byOutcome.admit).toBe(before + 1);
  });

  it('an ID number links visits by a keyed hash; neither the number nor any raw payload is in the database file', async () => {
    const a = await gate.handlers.check({ code: '11010519491231002X', category: 'visitor', source: 'wedge' });
    const b = await gate.handlers.check({ code: '11010519491231002x', category: 'visitor', source: 'manual' });
    const [ea, eb] = [gate.entries.get(a.entryId!)!, gate.entries.get(b.entryId!)!];
    expect(ea.idHash).toMatch(/^[0-9a-f]{64}$/);
    expect(ea.idHash).toBe(eb.idHash);
    expect(ea.idMasked).toBe('110105********002X');
    gate.db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = readFileSync(join(gate.dataDir, DB_FILE_NAME)).toString('latin1');
    for (const secret of ['11010519491231002X', '010519491231', hc1.slice(4, 60), shcChunks[0]!.slice(5, 60)]) expect(bytes.includes(secret), secret).toBe(false);
  });

  it('a wrong ID check digit is an error shown to staff, not an unknown code', async () => {
    const r = await gate.handlers.check({ code: '110105194912310021', category: 'visitor', source: 'wedge' });
    expect(r.decodeError).toMatchObject({ code: 'CHECK_DIGIT' });
    expect(r.outcome).toBe('need');
  });
});
