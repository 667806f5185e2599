// Every case of shared/testdata/shc/cases.json through the SMART Health Card verifier. The reference validator only
// warns about expired and not-yet-valid cards; a gate must refuse them (the data's README), so those two are
// expected to fail here with EXPIRED / NOT_YET_VALID. QR images are the camera's job and are named as not run.
import { describe, it, expect, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { decodeShc, decodeShcJws, checkShcPayload, checkBundle, bundleToEvidence, parseStrictJson } from '../../../electron/core/credentials/shc';
import { createTrustStore, parseTrustData, type TrustStore } from '../../../electron/core/credentials/trust-store';
import type { DecodeResult } from '../../../electron/core/credentials/types';
import { TESTDATA } from '../../support/paths';

const SHC = join(TESTDATA, 'shc');
interface Case {
  id: string; input_kind: string; inputs: string[]; issuer_keys: string | null; validation_time: number;
  expected: 'valid' | 'valid-with-warnings' | 'invalid'; sdk_errors: string[]; note?: string;
}
const cases = (JSON.parse(readFileSync(join(SHC, 'cases.json'), 'utf8')) as { cases: Case[] }).cases;
const read = (rel: string) => readFileSync(join(SHC, rel), 'utf8').replace(/\r?\n$/, ''); // a file's own final newline only

/** The iss a key set belongs to (the data's README table); a key set the table does not list belongs to no card's iss. */
function issOf(keyFile: string): string {
  const bad = /^validation-sdk\/badcrl\/([^/]+)\//.exec(keyFile);
  if (bad) return `https://raw.githubusercontent.com/smart-on-fhir/health-cards-dev-tools/main/testdata/badcrl/${bad[1]}`;
  if (keyFile.startsWith('validation-sdk/badjwks/')) return 'https://raw.githubusercontent.com/microsoft/health-cards-validation-SDK/main/testdata/badjwks';
  if (keyFile.startsWith('spec-examples/issuer/')) return 'https://spec.smarthealth.cards/examples/issuer';
  return 'https://unlisted.invalid/keys';
}

async function trustFor(c: Case): Promise<TrustStore> {
  if (!c.issuer_keys) return createTrustStore([]);
  const keys = (parseStrictJson(read(c.issuer_keys)) as { keys: { kid: string; crlVersion?: unknown }[] }).keys;
  const crls: Record<string, unknown> = {};
  for (const k of keys) {
    if (k.crlVersion === undefined) continue;
    crls[k.kid] = JSON.parse(readFileSync(join(SHC, dirname(c.issuer_keys), 'crl', `${k.kid}.json`), 'utf8'));
  }
  return createTrustStore([parseTrustData({ issuers: [{ iss: issOf(c.issuer_keys), keys, ...(Object.keys(crls).length ? { crls } : {}) }] })]);
}

/** Runs a case; a failure to build the trust store (bad key set, bad CRL) makes the case invalid. */
async function run(c: Case): Promise<{ ok: boolean; codes: string[] }> {
  const now = c.validation_time * 1000;
  const all = (rs: DecodeResult[]) => ({ ok: rs.every((r) => r.ok), codes: rs.flatMap((r) => (r.ok ? [] : [r.code])) });
  let trust: TrustStore;
  try {
    trust = await trustFor(c);
  } catch (err) {
    return { ok: false, codes: [`TRUST: ${(err as Error).message}`] };
  }
  try {
    switch (c.input_kind) {
      case 'qr-numeric':
        return all([await decodeShc(c.inputs.map(read), trust, now)]);
      case 'jws':
        return all([await decodeShcJws(read(c.inputs[0]!), trust, now)]);
      case 'healthcard-file': {
        const file = parseStrictJson(read(c.inputs[0]!)) as { verifiableCredential: string[] };
        return all(await Promise.all(file.verifiableCredential.map((j) => decodeShcJws(j, trust, now))));
      }
      case 'fhir-health-cards-issue-response': {
        const params = parseStrictJson(read(c.inputs[0]!)) as { parameter: { name: string; valueString: string }[] };
        return all(await Promise.all(params.parameter.filter((p) => p.name === 'verifiableCredential').map((p) => decodeShcJws(p.valueString, trust, now))));
      }
      case 'jws-payload': {
        const payload = checkShcPayload(parseStrictJson(read(c.inputs[0]!)), now);
        bundleToEvidence(payload.vc.credentialSubject.fhirBundle);
        return { ok: true, codes: [] };
      }
      case 'fhir-bundle':
        checkBundle(parseStrictJson(read(c.inputs[0]!)));
        return { ok: true, codes: [] };
      case 'jwks':
        await createTrustStore([parseTrustData({ issuers: [{ iss: 'https://example.org/issuer', keys: (parseStrictJson(read(c.inputs[0]!)) as { keys: unknown[] }).keys }] })]);
        return { ok: true, codes: [] };
      default:
        throw new Error(`unknown input kind ${c.input_kind}`);
    }
  } catch (err) {
    return { ok: false, codes: [(err as { code?: string }).code ?? (err as Error).message] };
  }
}

/** Where a gate must differ from the reference validator's grade (README: refuse expired / not-yet-valid cards). */
const GATE_REFUSES: Record<string, string> = { 'sdk-not-yet-valid': 'NOT_YET_VALID', 'sdk-expired': 'EXPIRED' };
/** SDK error → the stage code this verifier must report. */
const CODE_FOR: Record<string, string[]> = {
  REVOKED: ['REVOKED'],
  JWS_VERIFICATION_ERROR: ['SIGNATURE', 'UNKNOWN_KEY', 'JWS'],
  SIGNATURE_FORMAT_ERROR: ['SIGNATURE'],
  INFLATION_ERROR: ['COMPRESSION'],
  INVALID_NUMERIC_QR: ['NUMERIC'],
  INVALID_NUMERIC_QR_HEADER: ['PREFIX'],
  QR_CHUNKING_DEPRECATED: ['NUMERIC'],
  NOT_YET_VALID: ['NOT_YET_VALID'],
  EXPIRATION_ERROR: ['EXPIRED', 'NOT_YET_VALID'],
  INVALID_ISSUER_URL: ['UNKNOWN_KEY'],
  ISSUER_KID_MISMATCH: ['UNKNOWN_KEY'],
  TRAILING_CHARACTERS: ['SCHEMA', 'JWS', 'NUMERIC', 'PREFIX'],
  SCHEMA_ERROR: ['SCHEMA'],
  FHIR_SCHEMA_ERROR: ['SCHEMA'],
};
const tally = { run: 0, agree: 0, notRun: [] as string[] };

describe('credentials/decodeShc against the SMART Health Cards examples and the validation SDK cases', () => {
  afterAll(() => {
    console.log(`shc cases: ${cases.length}, run ${tally.run}, agree ${tally.agree}; not run: ${tally.notRun.join('; ')}`);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    if (c.input_kind === 'qr-image') {
      tally.notRun.push(`${c.id} (a QR image: decoding pictures is the camera path's job, not the verifier's)`);
      return;
    }
    tally.run++;
    const r = await run(c);
    if (GATE_REFUSES[c.id]) {
      expect(r.ok).toBe(false);
      expect(r.codes).toContain(GATE_REFUSES[c.id]);
    } else if (c.expected === 'invalid') {
      expect(r.ok, c.note ?? c.id).toBe(false);
      const wanted = c.sdk_errors.flatMap((e) => CODE_FOR[e] ?? []);
      if (wanted.length > 0 && !r.codes.some((x) => x.startsWith('TRUST'))) expect(r.codes.some((x) => wanted.includes(x)), `codes ${r.codes.join(',')} vs ${wanted.join(',')}`).toBe(true);
    } else {
      expect(r, `${c.id}: ${r.codes.join(",")}`).toEqual({ ok: true, codes: [] });
    }
    tally.agree++;
  });

  it('reads example 00 (three vaccine doses) as a verified identity with no test evidence', async () => {
    const c = cases.find((x) => x.id === 'spec-00-qr-numeric')!;
    const r = await decodeShc(read(c.inputs[0]!), await trustFor(c), c.validation_time * 1000);
    expect(r).toMatchObject({ ok: true, format: 'shc', identity: { name: 'Anyperson John B.', birthDate: '1951-01-20' } });
    expect(r.ok && r.evidence.filter((e) => e.kind === 'test')).toEqual([]);
    expect(r.ok && r.notes.map((n) => n.en).join()).toMatch(/vaccination/);
  });

  it('refuses the revoked example 03 with REVOKED', async () => {
    const c = cases.find((x) => x.id === 'spec-03-qr-numeric-revoked')!;
    const r = await decodeShc(read(c.inputs[0]!), await trustFor(c), c.validation_time * 1000);
    expect(r).toMatchObject({ ok: false, code: 'REVOKED' });
  });
});
