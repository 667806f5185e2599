// Field semantics from the specifications (issue 30): every shared vector's content, fresh-signed, keeps its verdict
// when fields the specification calls optional, or irrelevant for that kind of test, are changed. EU DCC: `ma` (the
// device) applies to rapid antigen tests only, `nm` (the test's name) to NAAT only, `tc` (the test centre) is
// optional from schema 1.3.0. SMART Health Cards: a resource's other `meta` fields, extensions and extra resources are left alone.
import { describe, it, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDccVectors, shippedValueSets } from '../../support/dcc-vectors';
import { makeDccSigner, issueDcc, makeShcIssuer, issueShc, type DccSigner, type ShcIssuer } from '../../support/issue';
import { sized, timeoutFor } from '../../support/property';
import { TESTDATA } from '../../support/paths';
import { createTrustStore, type TrustStore } from '../../../electron/core/credentials/trust-store';
import { decodeEuDcc } from '../../../electron/core/credentials/eu-dcc';
import { decodeShc } from '../../../electron/core/credentials/shc';
import { evaluate } from '../../../electron/core/rules/evaluate';
import { loadPacks } from '../../../electron/main/services/packs';
import { parseProfile } from '../../../electron/core/rules/profile';
import { createDccSchemaValidator } from '../../../electron/main/services/dcc-schema';
import type { DecodeResult } from '../../../electron/core/credentials/types';

const NAAT = 'LP6464-4';
const RAT = 'LP217198-3';
const RUNS = 40;
const pack = loadPacks().get('cn-2022-12-07')!;
const venue = { profile: parseProfile({ pack: 'cn-2022-12-07', venueKind: 'medical' }), pack };
const validateSchema = createDccSchemaValidator();

/** JSON → the CBOR map structure the issuer signs (objects as Maps, in their order). */
const toCbor = (v: unknown): unknown => (Array.isArray(v) ? v.map(toCbor) : v !== null && typeof v === 'object' ? new Map(Object.entries(v).map(([k, x]) => [k, toCbor(x)])) : v);

/** What a gate acts on: verified or the failure's code, the evidence's tests, and the outcome for a patient. */
function verdict(r: DecodeResult, now: number) {
  const evidence = r.ok ? r.evidence : [];
  const v = evaluate(venue, { category: 'patient' }, evidence, now);
  return { ok: r.ok, code: r.ok ? undefined : r.code, tests: evidence.filter((e) => e.kind === 'test').map((e) => e.kind === 'test' && `${e.method}:${e.result}`), outcome: v.outcome, route: v.route };
}

describe('field semantics: EU DCC test entries', () => {
  let signer: DccSigner;
  let trust: TrustStore;
  const tests = loadDccVectors()
    .map((v) => v.json.JSON as { t?: Record<string, unknown>[] } | undefined)
    .filter((j): j is { t: Record<string, unknown>[] } => Array.isArray(j?.t) && j.t.length === 1 && typeof j.t[0]!.sc === 'string' && [NAAT, RAT].includes(j.t[0]!.tt as string) && Number.isFinite(Date.parse(j.t[0]!.sc as string)));
  beforeAll(async () => {
    signer = await makeDccSigner({ keyUsage: ['test'] });
    trust = await createTrustStore([{ eu: signer.trustList }, ...shippedValueSets().map((valueSet) => ({ valueSet }))]);
  });

  it('takes the shared vectors with a test entry (NAAT and rapid antigen both)', () => {
    expect(tests.length).toBeGreaterThan(15);
    expect(tests.some((j) => j.t[0]!.tt === RAT)).toBe(true);
    expect(tests.some((j) => j.t[0]!.tt === NAAT)).toBe(true);
  });

  const text = fc.oneof(fc.constant('N/A'), fc.constant(''), fc.string({ minLength: 1, maxLength: 40 }), fc.constantFrom('1232', '1065', 'Roche LightCycler qPCR'));
  const change = fc.record({ device: fc.option(text, { nil: undefined }), name: fc.option(text, { nil: undefined }), dropDevice: fc.boolean(), dropName: fc.boolean(), centre: fc.option(fc.string({ maxLength: 60 }), { nil: undefined }), dropCentre: fc.boolean() });

  it('changing what does not apply to the test type (ma on a NAAT, nm on a rapid antigen test) or the optional test centre leaves the verdict as it was', async () => {
    await fc.assert(fc.asyncProperty(fc.nat({ max: tests.length - 1 }), change, async (i, c) => {
      const content = structuredClone(tests[i]!) as { t: Record<string, unknown>[] } & Record<string, unknown>;
      const t = content.t[0]!;
      const sampled = Date.parse(t.sc as string);
      const now = sampled + 3 * 3_600_000;
      const window = { iat: Math.floor((sampled + 3_600_000) / 1000), exp: Math.floor((sampled + 30 * 86_400_000) / 1000) };
      const before = verdict(await decodeEuDcc(await issueDcc(signer, toCbor(content) as Map<string, unknown>, window), trust, now, { validateSchema }), now);
      const irrelevant = t.tt === RAT ? 'nm' : 'ma';
      if (irrelevant === 'ma' ? c.dropDevice : c.dropName) delete t[irrelevant];
      else {
        const value = irrelevant === 'ma' ? c.device : c.name;
        if (value !== undefined) t[irrelevant] = value;
      }
      // The test centre became optional in schema 1.3.0 (required before): dropped only where the version allows.
      if (c.dropCentre && String(content.ver) >= '1.3.0') delete t.tc;
      else if (c.centre !== undefined) t.tc = c.centre;
      const after = verdict(await decodeEuDcc(await issueDcc(signer, toCbor(content) as Map<string, unknown>, window), trust, now, { validateSchema }), now);
      expect(after).toEqual(before);
    }), sized(RUNS));
  }, timeoutFor(RUNS));
});

describe('field semantics: SMART Health Cards', () => {
  let issuer: ShcIssuer;
  let trust: TrustStore;
  const examples = ['example-00-c-jws-payload-minified.json', 'example-03-c-jws-payload-minified.json']
    .map((f) => JSON.parse(readFileSync(join(TESTDATA, 'shc', 'spec-examples', f), 'utf8')) as { nbf: number; vc: { credentialSubject: { fhirBundle: { entry: { resource: Record<string, unknown> }[] } } } });
  beforeAll(async () => {
    issuer = await makeShcIssuer();
    trust = await createTrustStore([{ smart: issuer.trustList }]);
  });

  const meta = fc.record({ versionId: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }), lastUpdated: fc.option(fc.constant('2021-06-01T10:00:00Z'), { nil: undefined }), source: fc.option(fc.webUrl(), { nil: undefined }) }, { requiredKeys: [] });
  const changes = fc.record({
    meta: fc.option(meta, { nil: undefined }),
    extension: fc.option(fc.array(fc.record({ url: fc.webUrl(), valueString: fc.string({ maxLength: 20 }) }), { minLength: 1, maxLength: 2 }), { nil: undefined }),
    extra: fc.boolean(),
  });

  it('the spec examples keep their verdict with other meta fields, extensions and extra resources', async () => {
    await fc.assert(fc.asyncProperty(fc.nat({ max: examples.length - 1 }), fc.array(changes, { minLength: 1, maxLength: 4 }), async (i, cs) => {
      const bundle = structuredClone(examples[i]!.vc.credentialSubject.fhirBundle);
      const nbf = examples[i]!.nbf;
      const now = nbf * 1000 + 86_400_000;
      const before = verdict(await decodeShc((await issueShc(issuer, bundle, { nbf })).qr, trust, now), now);
      expect(before.ok).toBe(true);
      cs.forEach((c, k) => {
        const resource = bundle.entry[k % bundle.entry.length]!.resource;
        if (c.meta) resource.meta = c.meta;
        if (c.extension) resource.extension = c.extension;
        if (c.extra) bundle.entry.push({ resource: { resourceType: 'Organization', name: `extra ${k}` } });
      });
      const after = verdict(await decodeShc((await issueShc(issuer, bundle, { nbf })).qr, trust, now), now);
      expect(after).toEqual(before);
    }), sized(RUNS));
  }, timeoutFor(RUNS));
});
