// Random and mutated payloads never crash, hang or inflate past the cap: every input gives a result with a code.
import { describe, it, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import { zlibSync, deflateSync } from 'fflate';
import { Encoder, Tag } from 'cbor-x';
import { encode as base45Encode } from '@digitalbazaar/base45';
import { base45Decode } from '../../../electron/core/credentials/base45';
import { decodeEuDcc, MAX_CONTENT_DEPTH } from '../../../electron/core/credentials/eu-dcc';
import { createDccSchemaValidator } from '../../../electron/main/services/dcc-schema';
import { decodeShc, decodeShcJws, MAX_NAME_CHARS, shcNumericToJws } from '../../../electron/core/credentials/shc';
import { inflateZlib, inflateRaw, MAX_INFLATED_BYTES, InflateLimitError } from '../../../electron/core/credentials/inflate';
import { createTrustStore, type TrustStore } from '../../../electron/core/credentials/trust-store';
import { makeDccSigner, issueDcc, dccTestContent, makeShcIssuer, issueShc, labBundle, signShcPayload, shcDigits, type DccSigner, type ShcIssuer } from '../../support/issue';
import { PROPERTY_TIMEOUT_MS, sized, timeoutFor } from '../../support/property';
import { shippedValueSets } from '../../support/dcc-vectors';

/** Sized for two loaded cores (test/support/property.ts). */
const RUNS = 2000;
const NOW = Date.parse('2026-11-20T08:00:00Z');
let trust: TrustStore;
let signer: DccSigner;
let issuer: ShcIssuer;
let goodDcc: string;
let goodShc: string;

beforeAll(async () => {
  signer = await makeDccSigner();
  issuer = await makeShcIssuer();
  trust = await createTrustStore([{ eu: signer.trustList }, { smart: issuer.trustList }]);
  goodDcc = await issueDcc(signer, dccTestContent({ sampledAt: '2026-11-19T00:00:00Z' }), { iat: NOW / 1000 - 10, exp: NOW / 1000 + 1e6 });
  goodShc = (await issueShc(issuer, labBundle({ effective: '2026-11-19T00:00:00Z' }), { nbf: NOW / 1000 - 10 })).qr[0]!;
});

const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
/** One edit of a string: replace, insert or delete a character, or cut it short. */
const mutate = (base: () => string, alphabet: string) =>
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: alphabet.length - 1 }), fc.constantFrom('replace', 'insert', 'delete', 'truncate')).map(([pos, ch, op]) => {
    const s = base();
    const i = 4 + (pos % Math.max(1, s.length - 4));
    const c = alphabet[ch]!;
    return op === 'replace' ? s.slice(0, i) + c + s.slice(i + 1) : op === 'insert' ? s.slice(0, i) + c + s.slice(i) : op === 'delete' ? s.slice(0, i) + s.slice(i + 1) : s.slice(0, i);
  });

describe('credentials/fuzz', () => {
  it('mutated EU DCC payloads always give a result, and a changed one never verifies', { timeout: timeoutFor(RUNS) }, async () => {
    await fc.assert(
      fc.asyncProperty(mutate(() => goodDcc, B45), async (text) => {
        const r = await decodeEuDcc(text, trust, NOW);
        // A changed string may verify only if what was signed is unchanged (zlib's trailer and trailing bytes are
        // outside the signature); it can never change the verified COSE message.
        if (text !== goodDcc && r.ok) expect(Buffer.from(inflateZlib(base45Decode(text.slice(4))))).toEqual(Buffer.from(inflateZlib(base45Decode(goodDcc.slice(4)))));
        if (!r.ok) expect(typeof r.code).toBe('string');
      }),
      sized(RUNS),
    );
  });

  it('mutated SMART Health Card numerics always give a result', { timeout: timeoutFor(RUNS) }, async () => {
    await fc.assert(
      fc.asyncProperty(mutate(() => goodShc, '0123456789/:'), async (text) => {
        const r = await decodeShc(text, trust, NOW);
        if (!r.ok) expect(typeof r.code).toBe('string');
        // Likewise for a JWS: base64url's last character has spare bits, so only the decoded parts must be equal.
        else expect(shcNumericToJws([text]).split('.').map((p) => Buffer.from(p, 'base64url'))).toEqual(shcNumericToJws([goodShc]).split('.').map((p) => Buffer.from(p, 'base64url')));
      }),
      sized(RUNS),
    );
  });

  it('random strings and random bytes behind the prefixes always give a result', { timeout: timeoutFor(RUNS) }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 400 }), fc.uint8Array({ maxLength: 600 }).map((b) => 'HC1:' + base45Encode(new Uint8Array(b))), fc.uint8Array({ maxLength: 600 }).map((b) => 'HC1:' + base45Encode(new Uint8Array(zlibSync(b)))), fc.string({ maxLength: 300 }).map((s) => `${s}.${s}.${s}`)), async (text) => {
        const a = await decodeEuDcc(text, trust, NOW);
        const b = await decodeShc(text, trust, NOW);
        const c = await decodeShcJws(text, trust, NOW);
        for (const r of [a, b, c]) expect(r.ok).toBe(false);
      }),
      sized(RUNS),
    );
  });

  it('a zlib or DEFLATE bomb is refused at the cap without allocating its output', { timeout: PROPERTY_TIMEOUT_MS }, () => {
    const bomb = new Uint8Array(50 * 1024 * 1024); // 50 MiB of zeros compresses to ~50 KB
    for (const [inflate, packed] of [[inflateZlib, zlibSync(bomb, { level: 9 })], [inflateRaw, deflateSync(bomb, { level: 9 })]] as const) {
      const before = process.memoryUsage().arrayBuffers;
      expect(() => inflate(packed)).toThrow(InflateLimitError);
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(8 * 1024 * 1024);
    }
    expect(inflateZlib(zlibSync(new Uint8Array(MAX_INFLATED_BYTES)))).toHaveLength(MAX_INFLATED_BYTES);
  });

  // Any value CBOR can carry, as cbor-x reads it back: dates (tags 0 and 1, some no date at all), other tags (bignums,
  // sets, cbor-x's generic objects), byte strings, maps with odd keys, NaN.
  const cborValue = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.bigInt(), fc.uint8Array({ maxLength: 8 })),
      fc.oneof(fc.string({ maxLength: 30 }), fc.double(), fc.bigInt()).chain((x) => fc.constantFrom(new Tag(x, 0), new Tag(x, 1))),
      fc.tuple(fc.constantFrom(2, 3, 27, 258, 259, 18, 61, 32, 1004, 55799), tie('value')).map(([n, v]) => new Tag(v, n)),
      fc.constant(new Tag(['RegExp', '(a+)+$', 'g'], 27)),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.array(fc.tuple(fc.oneof(fc.constantFrom('t', 'v', 'r', 'nam', 'dob', 'ver', 'sc', 'tt', 'ma', 'tr', '__proto__', 'constructor'), fc.integer()), tie('value')), { maxLength: 4 }).map((es) => new Map<unknown, unknown>(es)),
    ),
  })).value;

  // Where a value goes in a signed certificate's content, and which of the CWT's times it may replace.
  const PLACES = ['content', 'entry', 'name', 'name part', 'dob', 't', 'tg', 'tt', 'ma', 'sc', 'tr', 'co', 'is', 'iat', 'exp'] as const;

  it('a signed certificate carrying any CBOR gives a result, never an exception, with and without the schema check', { timeout: timeoutFor(RUNS / 4) }, async () => {
    const validateSchema = createDccSchemaValidator();
    await fc.assert(
      fc.asyncProperty(cborValue, fc.constantFrom(...PLACES), fc.boolean(), async (x, where, schema) => {
        const base = dccTestContent({ sampledAt: '2026-11-19T00:00:00Z' });
        const replaced = (key: string, value: unknown) => new Map<string, unknown>([...base].map(([k, v]) => [k, k === key ? value : v]));
        const content = where === 'content' && x instanceof Map ? (x as Map<string, unknown>)
          : where === 'entry' ? replaced('t', [x])
          : where === 'name' ? replaced('nam', x)
          : where === 'name part' ? replaced('nam', new Map([['fn', x], ['fnt', 'WANG'], ['gn', x]]))
          : where === 'dob' || where === 't' ? replaced(where, x)
          : where === 'iat' || where === 'exp' || where === 'content' ? base
          : dccTestContent({ sampledAt: '2026-11-19T00:00:00Z', fields: { [where]: x } });
        const times = { iat: NOW / 1000 - 10, exp: NOW / 1000 + 1e6 };
        const time = typeof x === 'number' || typeof x === 'bigint' ? x : Number.NaN;
        const hc1 = await issueDcc(signer, content, where === 'iat' || where === 'exp' ? { ...times, [where]: time as number } : times);
        const r = await decodeEuDcc(hc1, trust, NOW, schema ? { validateSchema } : {});
        if (!r.ok) expect(typeof r.code).toBe('string');
        else for (const v of Object.values(r.identity)) expect(typeof v).toBe('string');
      }),
      sized(RUNS / 4),
    );
  });

  it.each([
    ['an iat that is no time', { iat: Number.POSITIVE_INFINITY }, 'CBOR'],
    ['an exp that is no time', { exp: -1e300 }, 'CBOR'],
    ['an exp of NaN', { exp: Number.NaN }, 'CBOR'],
  ])('a signed certificate with %s is refused', async (_what, times, code) => {
    const hc1 = await issueDcc(signer, dccTestContent({ sampledAt: '2026-11-19T00:00:00Z' }), { iat: NOW / 1000 - 10, exp: NOW / 1000 + 1e6, ...times });
    expect(await decodeEuDcc(hc1, trust, NOW)).toMatchObject({ ok: false, code });
  });

  it('without the schema check, a test entry that is no object is SCHEMA and a bignum code is named in VALUE_SET', async () => {
    const window = { iat: NOW / 1000 - 10, exp: NOW / 1000 + 1e6 };
    const noEntry = new Map<string, unknown>([...dccTestContent({ sampledAt: '2026-11-19T00:00:00Z' })].map(([k, v]) => [k, k === 't' ? [null] : v]));
    expect(await decodeEuDcc(await issueDcc(signer, noEntry, window), trust, NOW)).toMatchObject({ ok: false, code: 'SCHEMA', message: 't: an entry that is not an object' });
    const withSets = await createTrustStore([{ eu: signer.trustList }, ...shippedValueSets().map((valueSet) => ({ valueSet }))]);
    const bignum = await issueDcc(signer, dccTestContent({ sampledAt: '2026-11-19T00:00:00Z', fields: { tg: 2n ** 70n } }), window);
    expect(await decodeEuDcc(bignum, withSets, NOW)).toMatchObject({ ok: false, code: 'VALUE_SET', message: expect.stringContaining(`t.0.tg = ${2n ** 70n}`) });
  });

  // SMART Health Cards: any JSON where the payload's parts go, signed by the trusted issuer, and any JSON as the header.
  const SHC_PLACES = [['nbf'], ['exp'], ['iss'], ['vc'], ['vc', 'type'], ['vc', 'rid'], ['vc', 'credentialSubject'], ['vc', 'credentialSubject', 'fhirBundle'], ['vc', 'credentialSubject', 'fhirBundle', 'entry'], ['vc', 'credentialSubject', 'fhirBundle', 'entry', 0], ['vc', 'credentialSubject', 'fhirBundle', 'entry', 1, 'resource'], ['patient', 'name'], ['patient', 'birthDate'], ['observation', 'code'], ['observation', 'valueCodeableConcept'], ['observation', 'effectiveDateTime'], []] as const;
  const shcPayload = () => ({ iss: issuer.iss, nbf: NOW / 1000 - 100, vc: { type: ['https://smarthealth.cards#health-card', 'https://smarthealth.cards#laboratory'], credentialSubject: { fhirVersion: '4.0.1', fhirBundle: labBundle({ effective: '2026-11-19T20:00:00Z' }) } } });

  it('a signed SMART card carrying any JSON gives a result, never an exception', { timeout: timeoutFor(RUNS / 4) }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SHC_PLACES), fc.jsonValue({ maxDepth: 4 }), async (path, x) => {
        const p = shcPayload() as unknown as Record<string, unknown>;
        let payload: unknown = p;
        if (path.length === 0) payload = x;
        else if (path[0] === 'patient' || path[0] === 'observation') {
          const entries = (p.vc as { credentialSubject: { fhirBundle: { entry: { resource: Record<string, unknown> }[] } } }).credentialSubject.fhirBundle.entry;
          const resource = entries.find((e) => e.resource.resourceType === (path[0] === 'patient' ? 'Patient' : 'Observation'))!.resource;
          resource[path[1]] = x;
        } else {
          let at = p as Record<string | number, unknown>;
          for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
          at[path.at(-1)!] = x;
        }
        const r = await decodeShc(`shc:/${shcDigits(await signShcPayload(issuer, payload))}`, trust, NOW);
        if (!r.ok) expect(typeof r.code).toBe('string');
        else for (const v of Object.values(r.identity)) expect(typeof v).toBe('string');
      }),
      sized(RUNS / 4),
    );
  });

  it('any JSON as a SMART card\'s header gives a result; one that is not an object is JWS', { timeout: timeoutFor(RUNS / 4) }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.record({ zip: fc.jsonValue({ maxDepth: 1 }), alg: fc.jsonValue({ maxDepth: 1 }), kid: fc.oneof(fc.constant('kid'), fc.jsonValue({ maxDepth: 1 })) }, { requiredKeys: [] })), async (header) => {
        const r = await decodeShc(`shc:/${shcDigits(await signShcPayload(issuer, shcPayload(), { header }))}`, trust, NOW);
        expect(r.ok).toBe(false);
        if (header === null || typeof header !== 'object') expect(r).toMatchObject({ code: 'JWS' });
      }),
      sized(RUNS / 4),
    );
  });

  it('a SMART card header whose alg is an object with a toString that is no function is JWS (String() threw)', async () => {
    const r = await decodeShc(`shc:/${shcDigits(await signShcPayload(issuer, shcPayload(), { header: { alg: { toString: 0 }, zip: 'DEF', kid: 'kid' } }))}`, trust, NOW);
    expect(r).toMatchObject({ ok: false, code: 'JWS' });
  });

  it('a signed EU DCC whose test type, result and issuer are maps with a toString key (no value sets to refuse them) gives no test, and no exception', async () => {
    const content = dccTestContent({ sampledAt: '2026-11-19T00:00:00Z' });
    const test = (content.get('t') as Map<string, unknown>[])[0]!;
    test.set('tt', new Map([['toString', 0]])).set('tr', new Map([['valueOf', 0]])).set('is', new Map([['toString', 0]]));
    const r = await decodeEuDcc(await issueDcc(signer, content, { iat: NOW / 1000 - 10, exp: NOW / 1000 + 1e6 }), trust, NOW);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.evidence.filter((e) => e.kind === 'test')).toEqual([]);
    const named = dccTestContent({ sampledAt: '2026-11-19T00:00:00Z' });
    (named.get('t') as Map<string, unknown>[])[0]!.set('tt', 'constructor');
    const r2 = await decodeEuDcc(await issueDcc(signer, named, { iat: NOW / 1000 - 10, exp: NOW / 1000 + 1e6 }), trust, NOW);
    if (r2.ok) expect(r2.evidence.filter((e) => e.kind === 'test')).toEqual([]);
  });

  it.each([
    ['an exp beyond any date', { exp: -1e300 }, 'SCHEMA'],
    ['an nbf beyond any date', { nbf: 1e300 }, 'SCHEMA'],
  ])('a signed SMART card with %s is refused', async (_what, times, code) => {
    const r = await decodeShc(`shc:/${shcDigits(await signShcPayload(issuer, { ...shcPayload(), ...times }))}`, trust, NOW);
    expect(r).toMatchObject({ ok: false, code });
  });

  it('a signed SMART card whose name runs to pages is read with the name cut at MAX_NAME_CHARS', async () => {
    const p = shcPayload();
    const bundle = p.vc.credentialSubject.fhirBundle as { entry: { resource: { resourceType: string; name?: unknown } }[] };
    bundle.entry.find((e) => e.resource.resourceType === 'Patient')!.resource.name = [{ family: '王', given: ['𠀀'.repeat(5_000)] }];
    const r = await decodeShc(`shc:/${shcDigits(await signShcPayload(issuer, p))}`, trust, NOW);
    expect(r.ok).toBe(true);
    const name = r.ok ? r.identity.name! : '';
    expect([...name]).toHaveLength(MAX_NAME_CHARS + 1);
    expect(name.startsWith('王 𠀀')).toBe(true);
    expect(name.endsWith('𠀀…')).toBe(true);
  });

  it('a signed SMART card with a null entry and a name that is a number is read from what is there', async () => {
    const p = shcPayload();
    const bundle = p.vc.credentialSubject.fhirBundle as { entry: unknown[] };
    const patient = bundle.entry.find((e) => (e as { resource: { resourceType: string } }).resource.resourceType === 'Patient') as { resource: { name: unknown } };
    patient.resource.name = [{ family: 7, given: [{ x: 1 }, 'Liu'] }];
    bundle.entry.push(null);
    const r = await decodeShc(`shc:/${shcDigits(await signShcPayload(issuer, p))}`, trust, NOW);
    expect(r).toMatchObject({ ok: true, identity: { name: 'Liu' } });
  });

  it.each([
    ['a date tag holding no date', 'dob', new Tag('the day after tomorrow', 0)],
    ['a time tag holding no time', 'dob', new Tag(Number.NaN, 1)],
  ])('a signed certificate with %s is refused as CBOR', async (_what, field, value) => {
    const content = new Map([...dccTestContent({ sampledAt: '2026-11-19T00:00:00Z' })].map(([k, v]) => [k, k === field ? value : v]));
    const hc1 = await issueDcc(signer, content, { iat: NOW / 1000 - 10, exp: NOW / 1000 + 1e6 });
    expect(await decodeEuDcc(hc1, trust, NOW, { validateSchema: createDccSchemaValidator() })).toMatchObject({ ok: false, code: 'CBOR' });
  });

  it('content nested to any depth gives a result: read up to the limit, refused beyond it', async () => {
    const cbor = new Encoder({ mapsAsObjects: false, useRecords: false, tagUint8Array: false });
    // The test entries' list nested `depth` arrays deep, written byte by byte (an encoder runs out of stack first).
    const claims = (depth: number) => {
      const head = cbor.encode(new Map<number, unknown>([[1, 'AT'], [-260, new Map([[1, new Map<string, unknown>([['ver', '1.3.0'], ['t', 0]])]])]]));
      const nested = new Uint8Array(depth + 1).fill(0x81);
      nested[depth] = 0x80;
      return new Uint8Array([...head.subarray(0, head.length - 1), ...nested]);
    };
    const hc1 = (depth: number) => 'HC1:' + base45Encode(zlibSync(new Uint8Array(cbor.encode(new Tag([new Uint8Array(cbor.encode(new Map<number, unknown>([[1, -7], [4, new Uint8Array(8)]]))), new Map(), claims(depth), new Uint8Array(64)], 18)))));
    // content (1) → t (2) → `depth` arrays below it: MAX_CONTENT_DEPTH levels in all are read.
    expect(await decodeEuDcc(hc1(MAX_CONTENT_DEPTH - 2), trust, NOW)).toMatchObject({ ok: false, code: 'UNKNOWN_KEY' });
    for (const depth of [MAX_CONTENT_DEPTH - 1, MAX_CONTENT_DEPTH, 100, 1_000, 2_000, 2_200, 2_400, 2_800, 5_000, 20_000]) {
      expect(await decodeEuDcc(hc1(depth), trust, NOW), `depth ${depth}`).toMatchObject({ ok: false, code: 'CBOR' });
    }
  });

  it('a bomb inside a certificate is reported as COMPRESSION', async () => {
    const hc1 = 'HC1:' + base45Encode(new Uint8Array(zlibSync(new Uint8Array(10 * 1024 * 1024), { level: 9 })));
    expect(await decodeEuDcc(hc1, trust, NOW)).toMatchObject({ ok: false, code: 'COMPRESSION' });
  });
});
