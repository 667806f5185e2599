// One verdict on every path (issue 30): the same input gives the same problem codes from `decode`, `check`, the
// station's check and the camera's `decode --image` (a picture of the same code, read by the camera's decoder).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { Tag } from 'cbor-x';
import { cli } from '../../support/cli';
import { makeDccSigner, issueDcc, dccTestContent, makeShcIssuer, issueShc, labBundle } from '../../support/issue';
import { openGate, type Gate } from '../../../electron/main/services/compose';
import { saveStationConfig } from '../../../electron/main/services/station-config';

const NOW = '2026-11-20T10:00:00+08:00';
const s = (iso: string) => Date.parse(iso) / 1000;
let dir: string;
let gate: Gate;
const inputs: { name: string; code: string; problems: string[] }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatecheck-one-verdict-'));
  const signer = await makeDccSigner();
  const issuer = await makeShcIssuer();
  writeFileSync(join(dir, 'eu.json'), JSON.stringify(signer.trustList));
  writeFileSync(join(dir, 'smart.json'), JSON.stringify(issuer.trustList));
  writeFileSync(join(dir, 'p.json'), JSON.stringify({ pack: 'cn-2022-12-07', venueKind: 'medical' }));
  const window = { iat: s('2026-11-19T21:00:00Z'), exp: s('2026-12-19T00:00:00Z') };
  const dcc = await issueDcc(signer, dccTestContent({ sampledAt: '2026-11-19T20:00:00Z' }), window);
  const forged = await issueDcc(signer, dccTestContent({ sampledAt: '2026-11-19T20:00:00Z' }), { ...window, tamper: true });
  // Signed, with a date tag (CBOR tag 0) that holds no date where the birth date goes: an exception on every path once.
  const noDate = new Map([...dccTestContent({ sampledAt: '2026-11-19T20:00:00Z' })].map(([k, v]) => [k, k === 'dob' ? new Tag('not a date', 0) : v]));
  const dateless = await issueDcc(signer, noDate, window);
  const { qr } = await issueShc(issuer, labBundle({ effective: '2026-11-19T09:00:00Z' }), { nbf: s('2026-11-19T12:00:00Z') });
  inputs.push(
    { name: 'an EU DCC', code: dcc, problems: [] },
    { name: 'an EU DCC without its HC1: prefix', code: dcc.slice(4), problems: ['SCAN_INCOMPLETE'] },
    { name: 'a forged EU DCC', code: forged, problems: ['SIGNATURE'] },
    { name: 'an EU DCC with a date tag that holds no date', code: dateless, problems: ['CBOR'] },
    { name: 'a SMART Health Card', code: qr[0]!, problems: [] },
    { name: 'a SMART Health Card in the chunked form with one chunk', code: `shc:/1/1/${qr[0]!.slice(5)}`, problems: [] },
    { name: "a SMART Health Card's digits without shc:/", code: qr[0]!.slice(5), problems: ['SCAN_INCOMPLETE'] },
    { name: 'a SMART Health Link', code: 'shlink:/eyJ1cmwiOiJodHRwczovL2V4YW1wbGUub3JnL3NobC9hYmMiLCJrZXkiOiJ4eXoiLCJmbGFnIjoiTCJ9', problems: ['SHLINK_ONLINE_ONLY'] },
    { name: 'a SMART Health Link behind a viewer URL', code: 'https://viewer.example.org/#shlink:/eyJ1cmwiOiJodHRwczovL2V4YW1wbGUub3JnL3NobCJ9', problems: ['SHLINK_ONLINE_ONLY'] },
    { name: 'a health code (opaque)', code: 'HEALTHCODE-5f2a9c7e-AB12', problems: [] },
  );
  gate = await openGate(join(dir, 'station'), { clock: () => Date.parse(NOW), trustPaths: [join(dir, 'eu.json'), join(dir, 'smart.json')] });
  saveStationConfig(gate.settings, gate.packs, { venueName: '某医院', stationName: '门诊', profile: { pack: 'cn-2022-12-07', venueKind: 'medical' } });
});
afterAll(() => gate?.close());

const trustArgs = () => ['--trust', join(dir, 'eu.json'), '--trust', join(dir, 'smart.json')];
const codesOfDecode = (out: { ok: boolean; code?: string }) => (out.ok ? [] : [out.code!]);

describe('one verdict on every path', () => {
  it('decode, check, the station and the camera give each input the same problem codes', async () => {
    expect(inputs.length).toBeGreaterThan(5);
    for (const [i, input] of inputs.entries()) {
      const decoded = await cli('decode', ...trustArgs(), '--now', NOW, input.code);
      expect(decoded.code, `${input.name}: ${decoded.err}`).toBe(0);
      expect(codesOfDecode(JSON.parse(decoded.out)), `decode: ${input.name}`).toEqual(input.problems);

      const checked = await cli('check', '--data-dir', join(dir, 'cli'), '--profile', join(dir, 'p.json'), ...trustArgs(), '--category', 'patient', '--now', NOW, input.code);
      expect(checked.code, `${input.name}: ${checked.err}`).toBe(0);
      expect(JSON.parse(checked.out).problems, `check: ${input.name}`).toEqual(input.problems);

      const station = await gate.handlers.check({ code: input.code, category: 'patient', source: 'wedge' });
      expect(station.problems, `station: ${input.name}`).toEqual(input.problems);
      expect(station.format).toBe(JSON.parse(decoded.out).format);

      const picture = join(dir, `code-${i}.png`);
      await QRCode.toFile(picture, input.code, { errorCorrectionLevel: 'L', margin: 4, scale: 4 });
      const camera = await cli('decode', ...trustArgs(), '--now', NOW, '--image', picture);
      expect(camera.code, `${input.name}: ${camera.err}`).toBe(0);
      expect(codesOfDecode(JSON.parse(camera.out)), `camera: ${input.name}`).toEqual(input.problems);
    }
  });

  it('a SMART Health Link is recognised and explained, never "opaque"; nothing is fetched', async () => {
    const r = await gate.handlers.check({ code: 'SHLINK:/eyJ1cmwiOiJodHRwczovL2V4YW1wbGUub3JnIn0', category: 'patient', source: 'camera' });
    expect(r).toMatchObject({ format: 'shlink', problems: ['SHLINK_ONLINE_ONLY'] });
    expect(r.reasons.map((x) => x.en).join(' ')).toMatch(/needs the issuer's server; not checked offline/);
    // A patient is never refused for it: sent on to sampling on site, as with no proof.
    expect(r.outcome).toBe('route');
  });
});
