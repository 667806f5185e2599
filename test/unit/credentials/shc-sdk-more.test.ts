// SMART Health Card cases of the validation SDK that the shared test data does not hold (test/fixtures/shc-sdk):
// each gets the verdict the SDK's own tests give it — refused where the SDK reports an error, read where it only
// warns (the spec leaves those things to the verifier) — and a refusal names the stage it failed at.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeShc, decodeShcJws } from '../../../electron/core/credentials/shc';
import { createTrustStore, parseTrustData, type TrustStore } from '../../../electron/core/credentials/trust-store';
import { ROOT, TESTDATA } from '../../support/paths';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'shc-sdk');
const ISSUER = join(TESTDATA, 'shc', 'spec-examples', 'issuer', '.well-known');
const read = (file: string) => readFileSync(join(FIXTURES, file), 'utf8').trim();
const NOW = 1_700_000_000_000;

/** The spec's example issuer under its URL now and the older one some SDK files carry (its x5c names only the new). */
async function exampleIssuer(): Promise<TrustStore> {
  const keys = (JSON.parse(readFileSync(join(ISSUER, 'jwks.json'), 'utf8')) as { keys: ({ kid: string; crlVersion?: number } & Record<string, unknown>)[] }).keys;
  const crls = Object.fromEntries(keys.filter((k) => k.crlVersion !== undefined).map((k) => [k.kid, JSON.parse(readFileSync(join(ISSUER, 'crl', `${k.kid}.json`), 'utf8')) as unknown]));
  return createTrustStore([parseTrustData({
    issuers: [
      { iss: 'https://spec.smarthealth.cards/examples/issuer', keys, crls },
      { iss: 'https://smarthealth.cards/examples/issuer', keys: keys.map(({ x5c: _x5c, ...k }) => k), crls },
    ],
  })]);
}

// [file, input kind, what the SDK reports, the verdict here: 'read' or the refusal's code]
const CASES: [string, 'jws' | 'qr', string, string][] = [
  ['test-example-00-d-jws-bad-fhir-metadata.txt', 'jws', 'a FHIR schema warning only', 'read'],
  ['test-example-00-f-qr-code-numeric-value-0-wrong-multi-chunk.txt', 'qr', 'a warning: one chunk in the chunked form (shc:/1/1/)', 'read'],
  ['test-example-00-d-jws-der-signature-r-neg.txt', 'jws', 'SIGNATURE_FORMAT_ERROR (a DER signature)', 'SIGNATURE'],
  ['test-example-00-d-jws-no_jws_header_alg.txt', 'jws', 'JWS_HEADER_ERROR, JWS_VERIFICATION_ERROR', 'JWS'],
  ['test-example-00-e-file-no_deflate.jws.txt', 'jws', 'INFLATION_ERROR, JWS_HEADER_ERROR', 'JWS'],
  ['test-example-00-f-qr-code-numeric-value-0-index-out-of-range.txt', 'qr', 'INVALID_NUMERIC_QR_HEADER (chunk 3 of 2)', 'NUMERIC'],
  ['test-example-00-f-qr-code-numeric-wrong_qr_mode.txt', 'qr', 'INVALID_SHC_STRING', 'SCHEMA'],
];

describe('credentials/shc: the validation SDK\'s further cases', () => {
  it.each(CASES)('%s (%s; SDK: %s) → %s', async (file, kind, _sdk, want) => {
    const trust = await exampleIssuer();
    const r = kind === 'jws' ? await decodeShcJws(read(file), trust, NOW) : await decodeShc([read(file)], trust, NOW);
    expect(r.ok ? 'read' : r.code, r.ok ? '' : r.message).toBe(want);
    if (r.ok) expect(r.identity.name).toBe('Anyperson John B.'); // family name first, as the register writes names
  });
});
