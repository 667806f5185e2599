// The gate as staff run it, under Node on real decoders and a real register: what the phone shows ("within 48 h"),
// a certificate that proved the test completed by a green code alone, a forged certificate that cannot be waved
// through, cut scans, "no proof shown", temperatures, and PIN lockouts that survive a restart.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openGate, type Gate } from '../../../electron/main/services/compose';
import { dispatch } from '../../../electron/main/ipc/dispatch';
import { makeDccSigner, issueDcc, dccTestContent } from '../../support/issue';
import type { CheckOutput } from '../../../electron/api/contract';

const NOW = Date.parse('2026-11-20T08:00:00Z');
const s = (iso: string) => Date.parse(iso) / 1000;
let dir: string;
let gate: Gate;
let clock = NOW;
let valid: string;
let forged: string;

/** One data folder per venue kind, set up once; opened again (a restart) it is signed in unless told not to. */
async function open(kind: 'eldercare' | 'medical' | 'school', signIn = true): Promise<Gate> {
  const g = await openGate(join(dir, `data-${kind}`), { clock: () => clock, trustPaths: [join(dir, 'eu.json')] });
  if (g.settings.get('station') === undefined) {
    await g.handlers.setup({ venueName: '测试场所', stationName: '东门', profile: { pack: 'cn-2022-12-07', venueKind: kind, natWindowHours: 48, acceptAntigen: false, antigenWindowHours: 24 }, retentionDays: 30, adminPin: '975310', operator: { name: '赵敏', pin: '8642' } });
  } else if (signIn) {
    await g.handlers.signIn({ name: '赵敏', pin: '8642' });
  }
  return g;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatecheck-gate-flow-'));
  const signer = await makeDccSigner();
  writeFileSync(join(dir, 'eu.json'), JSON.stringify(signer.trustList));
  const content = () => dccTestContent({ familyName: 'Zhao', givenName: 'Lei', dob: '1988-08-08', sampledAt: '2026-11-19T12:00:00Z' });
  const times = { iat: s('2026-11-19T13:00:00Z'), exp: s('2026-12-19T00:00:00Z') };
  valid = await issueDcc(signer, content(), times);
  forged = await issueDcc(signer, content(), { ...times, tamper: true });
  gate = await open('eldercare');
});
afterAll(() => gate.close());

const green = { kind: 'health-code' as const, color: 'green' as const };
const within = (h: 24 | 48 | 72) => ({ kind: 'test' as const, method: 'nat' as const, result: 'negative' as const, withinHours: h });

describe('gate flow / what the phone shows', () => {
  it('a green code with a negative NAT "within 48 h" admits at a 48 h venue, reported as within, not as a made-up time', async () => {
    const scan = await gate.handlers.check({ code: 'HEALTH-CODE-APP-1', category: 'visitor', source: 'wedge' });
    const r = await gate.handlers.record({ category: 'visitor', evidence: [green, within(48)], correctsId: scan.entryId! });
    expect(r).toMatchObject({ outcome: 'admit', sampledWithinHours: 48 });
    expect(r.hoursSinceSample).toBeUndefined();
    expect(gate.entries.get(r.entryId!)!.evidenceSummary).toMatchObject({ sampledWithinHours: 48, sources: ['attested'] });
  });

  it('"within 72 h" does not satisfy a 48 h window', async () => {
    const r = await gate.handlers.record({ category: 'visitor', evidence: [green, within(72)] });
    expect(r.outcome).toBe('need');
  });

  it('after a verified certificate, a green code alone completes it and the certificate\'s sampling time stands', async () => {
    const scan = await gate.handlers.check({ code: valid, category: 'visitor', source: 'wedge' });
    expect(scan).toMatchObject({ outcome: 'need', hoursSinceSample: 20 });
    const r = await gate.handlers.record({ category: 'visitor', evidence: [green], correctsId: scan.entryId! });
    expect(r).toMatchObject({ outcome: 'admit', hoursSinceSample: 20, problems: [] });
  });
});

describe('gate flow / a failed verification is never waved through silently', () => {
  it('a forged certificate then "green, within 48 h" needs the phone-check confirmation; with it, admits and keeps SIGNATURE', async () => {
    const scan = await gate.handlers.check({ code: forged, category: 'visitor', source: 'wedge' });
    expect(scan).toMatchObject({ problems: ['SIGNATURE'] });
    const refused = await dispatch(gate.handlers, 'record', { category: 'visitor', evidence: [green, within(48)], correctsId: scan.entryId! }, () => undefined);
    expect(refused).toMatchObject({ ok: false, error: { code: 'PHONE_CHECK_REQUIRED' } });
    const r = await gate.handlers.record({ category: 'visitor', evidence: [green, within(48)], correctsId: scan.entryId!, phoneChecked: true });
    expect(r).toMatchObject({ outcome: 'admit', problems: ['SIGNATURE'] });
    expect(r.reasons[0]!.zh).toContain('签名无效');
    expect(gate.entries.get(r.entryId!)).toMatchObject({ operator: '赵敏', correctsId: scan.entryId, evidenceSummary: { problems: ['SIGNATURE'], phoneChecked: true } });
  });

  it('the failure stays after a restart too (read back from the entry), and a yellow code needs no confirmation to refuse', async () => {
    const scan = await gate.handlers.check({ code: forged, category: 'visitor', source: 'wedge' });
    await gate.handlers.lock({});
    await gate.handlers.signIn({ name: '赵敏', pin: '8642' });
    const yellow = await gate.handlers.record({ category: 'visitor', evidence: [{ kind: 'health-code', color: 'yellow' }], correctsId: scan.entryId! });
    expect(yellow).toMatchObject({ outcome: 'refuse', problems: ['SIGNATURE'] });
    await expect(gate.handlers.record({ category: 'visitor', evidence: [green, within(24)], correctsId: scan.entryId! })).rejects.toMatchObject({ code: 'PHONE_CHECK_REQUIRED' });
  });
});

describe('gate flow / cut scans', () => {
  it.each([
    { name: 'a DCC that lost its "HC1:"', code: () => valid.slice(4), stalls: 0 },
    { name: 'a DCC whose prefix lost its H', code: () => valid.slice(1), stalls: 0 },
    { name: 'the tail of a DCC after a pause', code: () => valid.slice(120), stalls: 0 },
    { name: 'a DCC cut short with a stall inside the burst', code: () => valid.slice(0, 200), stalls: 2 },
  ])('$name is SCAN_INCOMPLETE (scan again), never an unknown code to attest', async ({ code, stalls }) => {
    const r: CheckOutput = await gate.handlers.check({ code: code(), category: 'visitor', source: 'wedge', stalls });
    expect(r.problems).toEqual(['SCAN_INCOMPLETE']);
    expect(r.reasons.map((x) => x.zh).join()).toContain('扫码不完整');
    expect(r.reasons.map((x) => x.zh).join()).not.toContain('请查看对方手机');
    expect(gate.entries.get(r.entryId!)!.evidenceSummary.problems).toEqual(['SCAN_INCOMPLETE']);
  });

  it('the same cut DCC without a stall is what it is: a damaged certificate', async () => {
    const r = await gate.handlers.check({ code: valid.slice(0, 200), category: 'visitor', source: 'wedge', stalls: 0 });
    expect(r.problems).not.toContain('SCAN_INCOMPLETE');
    expect(r.problems.length).toBe(1);
  });
});

describe('gate flow / no proof and temperature', () => {
  it('"no proof shown" sends a patient to on-site sampling at a hospital, and is "need" at a school; recorded either way', async () => {
    const hospital = await open('medical');
    const school = await open('school');
    try {
      const p = await hospital.handlers.record({ category: 'patient', evidence: [], noProofShown: true });
      expect(p).toMatchObject({ outcome: 'route', route: 'on-site-test' });
      expect(hospital.entries.get(p.entryId!)!.evidenceSummary.noProofShown).toBe(true);
      const v = await school.handlers.record({ category: 'visitor', evidence: [], noProofShown: true });
      expect(v.outcome).toBe('need');
      expect(school.entries.get(v.entryId!)!.evidenceSummary.noProofShown).toBe(true);
    } finally {
      hospital.close();
      school.close();
    }
  });

  it('37.5 °C at a hospital sends a patient to the fever clinic, never refused; 36.6 °C is recorded and is not fever', async () => {
    const hospital = await open('medical');
    try {
      const hot = await hospital.handlers.record({ category: 'patient', evidence: [], temperature: { celsius: 37.5, via: 'thermometer' } });
      expect(hot).toMatchObject({ outcome: 'route', route: 'fever-clinic', temperatureC: 37.5 });
      expect(hospital.entries.get(hot.entryId!)!.evidenceSummary).toMatchObject({ temperature: { celsius: 37.5, via: 'thermometer' }, kinds: ['symptom'] });
      const normal = await hospital.handlers.record({ category: 'patient', evidence: [green, within(24)], temperature: { celsius: 36.6, via: 'typed' } });
      expect(normal).toMatchObject({ outcome: 'admit', temperatureC: 36.6 });
    } finally {
      hospital.close();
    }
  });
});

describe('gate flow / the fever threshold is a station setting', () => {
  it('raised to 38.0 °C by the admin, 37.5 °C is no longer fever', async () => {
    const hospital = await open('medical');
    try {
      const view = await hospital.handlers.saveSettings({ adminPin: '975310', changes: { feverThresholdC: 38 } });
      expect(view.feverThresholdC).toBe(38);
      const r = await hospital.handlers.record({ category: 'patient', evidence: [green, within(24)], temperature: { celsius: 37.5, via: 'typed' } });
      expect(r).toMatchObject({ outcome: 'admit', temperatureC: 37.5 });
      const low = await dispatch(hospital.handlers, 'saveSettings', { adminPin: '975310', changes: { feverThresholdC: 36 } }, () => undefined);
      expect(low).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    } finally {
      hospital.close();
    }
  });
});

describe('gate flow / PIN lockout', () => {
  it('five wrong operator PINs lock that PIN for 30 s (even the right PIN is refused), logged, and kept across a restart', async () => {
    const g = await open('school');
    for (let i = 1; i <= 4; i++) await expect(g.handlers.signIn({ name: '赵敏', pin: '0000' })).rejects.toMatchObject({ code: 'WRONG_PIN' });
    const fifth = await dispatch(g.handlers, 'signIn', { name: '赵敏', pin: '0000' }, () => undefined);
    expect(fifth).toMatchObject({ ok: false, error: { code: 'PIN_LOCKED', retryAfterSeconds: 30 } });
    await expect(g.handlers.signIn({ name: '赵敏', pin: '8642' })).rejects.toMatchObject({ code: 'PIN_LOCKED' });
    g.close();
    const again = await open('school', false);
    try {
      await expect(again.handlers.signIn({ name: '赵敏', pin: '8642' })).rejects.toMatchObject({ code: 'PIN_LOCKED' });
      expect(again.db.prepare("SELECT subject, failures, locked_ms FROM security_log").all()).toEqual([{ subject: 'operator:赵敏', failures: 5, locked_ms: 30_000 }]);
      clock += 30_000;
      await expect(again.handlers.signIn({ name: '赵敏', pin: '8642' })).resolves.toEqual({ operator: '赵敏' });
    } finally {
      clock = NOW;
      again.close();
    }
  });

  it('the admin PIN locks the same way, on every path that asks for it', async () => {
    const g = await open('medical');
    try {
      for (let i = 0; i < 5; i++) await dispatch(g.handlers, 'getSettings', { adminPin: '111111' }, () => undefined);
      const r = await dispatch(g.handlers, 'exportDays', { fromDay: '2026-11-20', toDay: '2026-11-20', adminPin: '975310' }, () => undefined);
      expect(r).toMatchObject({ ok: false, error: { code: 'PIN_LOCKED' } });
    } finally {
      g.close();
    }
  });
});
