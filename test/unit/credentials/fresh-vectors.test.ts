// Certificates issued here, now, with keys nobody has seen: the verifiers follow the specifications, not the files.
import { describe, it, expect, beforeAll } from 'vitest';
import { randomBytes } from 'node:crypto';
import { decodeEuDcc, toPlain } from '../../../electron/core/credentials/eu-dcc';
import { decodeShc, decodeShcJws } from '../../../electron/core/credentials/shc';
import { createTrustStore, type TrustStore } from '../../../electron/core/credentials/trust-store';
import { shippedValueSets } from '../../support/dcc-vectors';
import { makeDccSigner, issueDcc, dccTestContent, makeShcIssuer, issueShc, labBundle, type DccSigner, type ShcIssuer } from '../../support/issue';

const NOW = Date.parse('2026-11-20T08:00:00Z');
const s = (iso: string) => Date.parse(iso) / 1000;
const window = { iat: s('2026-11-19T00:00:00Z'), exp: s('2026-12-19T00:00:00Z') };

let es: DccSigner;
let ps: DccSigner;
let vaccOnly: DccSigner;
/** A signer (DSC) valid only from 2026-11-19 12:00 to 2026-11-19 18:00 UTC. */
let shortLived: DccSigner;
let trust: TrustStore;

beforeAll(async () => {
  [es, ps, vaccOnly, shortLived] = await Promise.all([
    makeDccSigner({ alg: 'ES256', keyUsage: ['test'] }), makeDccSigner({ alg: 'PS256' }), makeDccSigner({ keyUsage: ['vaccination'] }),
    makeDccSigner({ notBefore: '2026-11-19T12:00:00Z', notAfter: '2026-11-19T18:00:00Z' }),
  ]);
  trust = await createTrustStore([{ eu: es.trustList }, { eu: ps.trustList }, { eu: vaccOnly.trustList }, { eu: shortLived.trustList }]);
});

describe('credentials/decodeEuDcc on freshly signed certificates', () => {
  it.each([
    { name: 'ES256, COSE tag 18, kid protected', signer: () => es, opts: {} },
    { name: 'PS256 (RSA-PSS, salt 32)', signer: () => ps, opts: {} },
    { name: 'untagged COSE_Sign1', signer: () => es, opts: { tag: 'none' as const } },
    { name: 'inside CWT tag 61', signer: () => es, opts: { tag: 'cwt' as const } },
    { name: 'kid only in the unprotected header', signer: () => es, opts: { kidWhere: 'unprotected' as const } },
  ])('a negative NAT becomes verified test evidence: $name', async ({ signer, opts }) => {
    const hc1 = await issueDcc(signer(), dccTestContent({ familyName: 'Wang', givenName: 'Wu', dob: '1990-01-02', sampledAt: '2026-11-19T22:30:00+08:00' }), { ...window, ...opts });
    const r = await decodeEuDcc(hc1, trust, NOW);
    expect(r).toMatchObject({
      ok: true,
      format: 'eu-dcc',
      identity: { name: 'Wang Wu', birthDate: '1990-01-02' },
      evidence: [{ kind: 'test', method: 'nat', result: 'negative', sampledAt: '2026-11-19T14:30:00.000Z', source: 'verified' }, { kind: 'identity', name: 'Wang Wu' }],
      meta: { certificateType: 'test', issuer: 'AT' },
    });
  });

  it('maps a positive rapid antigen test', async () => {
    const hc1 = await issueDcc(es, dccTestContent({ method: 'antigen', result: 'positive', sampledAt: '2026-11-20T06:00:00Z' }), window);
    const r = await decodeEuDcc(hc1, trust, NOW);
    expect(r.ok && r.evidence[0]).toMatchObject({ kind: 'test', method: 'antigen', result: 'positive' });
  });

  it.each([
    { name: 'a tampered signature', make: () => issueDcc(es, dccTestContent({ sampledAt: '2026-11-19T00:00:00Z' }), { ...window, tamper: true }), code: 'SIGNATURE' },
    { name: 'a Chinese character in its Base45 text (read as a digit 0 by the Base45 library once)', make: async () => { const h = await issueDcc(es, dccTestContent({ sampledAt: '2026-11-19T00:00:00Z' }), window); return `${h.slice(0, 40)}号${h.slice(41)}`; }, code: 'BASE45' },
    { name: 'a signer nobody trusts', make: async () => issueDcc(await makeDccSigner(), dccTestContent({ sampledAt: '2026-11-19T00:00:00Z' }), window), code: 'UNKNOWN_KEY' },
    { name: 'a test signed by a vaccination-only signer', make: () => issueDcc(vaccOnly, dccTestContent({ sampledAt: '2026-11-19T00:00:00Z' }), window), code: 'KEY_USAGE' },
    { name: 'one second past expiry', make: () => issueDcc(es, dccTestContent({ sampledAt: '2026-11-19T00:00:00Z' }), { iat: window.iat, exp: NOW / 1000 - 1 }), code: 'EXPIRED' },
    { name: 'issued one second in the future', make: () => issueDcc(es, dccTestContent({ sampledAt: '2026-11-19T00:00:00Z' }), { iat: NOW / 1000 + 1, exp: window.exp }), code: 'NOT_YET_VALID' },
    { name: 'issued before its signer was valid', make: () => issueDcc(shortLived, dccTestContent({ sampledAt: '2026-11-19T00:00:00Z' }), { iat: s('2026-11-19T11:59:59Z'), exp: window.exp }), code: 'SIGNER_EXPIRED' },
    { name: 'issued after its signer expired (the signer has since expired too)', make: () => issueDcc(shortLived, dccTestContent({ sampledAt: '2026-11-19T00:00:00Z' }), { iat: s('2026-11-19T18:00:01Z'), exp: window.exp }), code: 'SIGNER_EXPIRED' },
  ])('refuses $name with $code', async ({ make, code }) => {
    expect(await decodeEuDcc(await make(), trust, NOW)).toMatchObject({ ok: false, code });
  });

  it('a content key "__proto__" is a key like any other: its test entry lends the certificate nothing (SCHEMA, never a verified test)', async () => {
    const content = dccTestContent({ sampledAt: '2026-11-19T00:00:00Z' });
    content.set('__proto__', new Map([['t', content.get('t')]]));
    content.delete('t');
    // Signed by a signer that may sign any type (a test-only signer would refuse it as KEY_USAGE first).
    const r = await decodeEuDcc(await issueDcc(ps, content, window), trust, NOW);
    expect(r).toMatchObject({ ok: false, code: 'SCHEMA' });
    // Read on its own, the key is the object's own field, and the object's prototype is Object's.
    const read = toPlain(new Map<string, unknown>([['__proto__', new Map([['t', [1]]])], ['ver', '1.3.0']])) as Record<string, unknown>;
    expect([Object.getPrototypeOf(read) === Object.prototype, Object.keys(read), read.t]).toEqual([true, ['__proto__', 'ver'], undefined]);
  });

  it('a certificate issued while its signer was valid stays valid after the signer expires (as the EU verifiers judge it)', async () => {
    const hc1 = await issueDcc(shortLived, dccTestContent({ sampledAt: '2026-11-19T00:00:00Z' }), { iat: s('2026-11-19T13:00:00Z'), exp: window.exp });
    expect((await decodeEuDcc(hc1, trust, NOW)).ok).toBe(true);
  });

  it.each(['UCI', 'COUNTRYCODEUCI', 'SIGNATURE'] as const)('an imported revocation list naming the certificate by its %s hash marks it REVOKED; others pass', async (hashType) => {
    const { createHash } = await import('node:crypto');
    const { decodeDccStructure } = await import('../../../electron/core/credentials/eu-dcc');
    const hc1 = await issueDcc(es, dccTestContent({ sampledAt: '2026-11-19T00:00:00Z' }), window);
    const other = await issueDcc(es, dccTestContent({ sampledAt: '2026-11-19T00:00:00Z' }), window);
    const { decoded, signature } = decodeDccStructure(hc1);
    const uci = String((decoded.content.t![0] as { ci: string }).ci);
    // Computed here from the EU specification, not by the app: SHA-256, first 16 bytes; ECDSA signatures by their r half.
    const first16 = (b: Buffer | Uint8Array) => createHash('sha256').update(b).digest().subarray(0, 16).toString('base64');
    const hash = { UCI: first16(Buffer.from(uci)), COUNTRYCODEUCI: first16(Buffer.from(`AT${uci}`)), SIGNATURE: first16(signature.subarray(0, 32)) }[hashType];
    const revocations = { date: '2026-11-19', revocations: [{ kid: es.trustList.certificates[0]!.kid, hashType, hashes: [hash] }] };
    const store = await createTrustStore([{ eu: es.trustList }, { euRevocations: revocations }]);
    expect(await decodeEuDcc(hc1, store, NOW)).toMatchObject({ ok: false, code: 'REVOKED' });
    expect((await decodeEuDcc(other, store, NOW)).ok).toBe(true);
    // The same hash listed under another signer revokes nothing.
    const elsewhere = await createTrustStore([{ eu: es.trustList }, { euRevocations: { revocations: [{ ...revocations.revocations[0]!, kid: vaccOnly.trustList.certificates[0]!.kid }] } }]);
    expect((await decodeEuDcc(hc1, elsewhere, NOW)).ok).toBe(true);
  });

  it('a revocation list with a hash that is not 16 bytes is refused as a whole', async () => {
    const { parseTrustData } = await import('../../../electron/core/credentials/trust-store');
    expect(() => parseTrustData({ revocations: [{ kid: 'AAAAAAAAAAA=', hashType: 'UCI', hashes: [Buffer.alloc(32).toString('base64')] }] })).toThrow(/16 bytes/);
  });

  describe('EU value sets (VALUE_SET, naming the field)', () => {
    let withSets: TrustStore;
    beforeAll(async () => {
      withSets = await createTrustStore([{ eu: es.trustList }, ...shippedValueSets().map((valueSet) => ({ valueSet }))]);
    });

    it.each([
      { field: 'ma', value: '9999', method: 'antigen' as const, zh: '检测试剂' },
      { field: 'tt', value: 'COVID-19 test', method: 'nat' as const, zh: '检测类型' },
      { field: 'tr', value: 'NEGATIVO', method: 'nat' as const, zh: '检测结果' },
      { field: 'tg', value: '94558-4', method: 'nat' as const, zh: '目标疾病' },
      { field: 'co', value: 'XX', method: 'nat' as const, zh: '国家' },
      { field: 'tr', value: 260415000, method: 'nat' as const, zh: '检测结果' },
    ])('$field = $value is refused', async ({ field, value, method, zh }) => {
      const hc1 = await issueDcc(es, dccTestContent({ method, sampledAt: '2026-11-19T00:00:00Z', fields: { [field]: value } }), window);
      const r = await decodeEuDcc(hc1, withSets, NOW);
      expect(r).toMatchObject({ ok: false, code: 'VALUE_SET' });
      if (!r.ok) {
        expect(r.message).toContain(`t.0.${field}`);
        expect(r.words.zh).toContain(zh);
        expect(r.words.en).toContain(`(${field})`);
      }
      // With no value set loaded the codes are not judged: the same certificate verifies (an unknown test code then proves no test).
      expect((await decodeEuDcc(hc1, trust, NOW)).ok).toBe(true);
    });

    it('in-set codes pass, and an empty optional device field on a NAT means "none given"', async () => {
      for (const cert of [
        dccTestContent({ method: 'antigen', sampledAt: '2026-11-19T00:00:00Z' }),
        dccTestContent({ method: 'nat', sampledAt: '2026-11-19T00:00:00Z', fields: { ma: '' } }),
        dccTestContent({ method: 'nat', sampledAt: '2026-11-19T00:00:00Z', fields: { co: 'CN' } }),
      ]) expect((await decodeEuDcc(await issueDcc(es, cert, window), withSets, NOW)).ok).toBe(true);
    });

    // The DCC schema: `ma` is the rapid antigen test's device; on a NAAT it does not apply, whatever it holds.
    it.each(['N/A', '9999', 'Roche', 1232])('a NAAT with ma = %s verifies; the same ma on a rapid antigen test is refused', async (ma) => {
      const nat = await issueDcc(es, dccTestContent({ method: 'nat', sampledAt: '2026-11-19T00:00:00Z', fields: { ma } }), window);
      expect(await decodeEuDcc(nat, withSets, NOW)).toMatchObject({ ok: true });
      const rat = await issueDcc(es, dccTestContent({ method: 'antigen', sampledAt: '2026-11-19T00:00:00Z', fields: { ma } }), window);
      expect(await decodeEuDcc(rat, withSets, NOW)).toMatchObject({ ok: false, code: 'VALUE_SET' });
    });

    it('a newer imported set replaces the shipped one (a device added later passes); an older one does not', async () => {
      const hc1 = await issueDcc(es, dccTestContent({ method: 'antigen', sampledAt: '2026-11-19T00:00:00Z', fields: { ma: '9999' } }), window);
      const shipped = shippedValueSets();
      const manf = shipped.find((v) => v.valueSetId === 'covid-19-lab-test-manufacturer-and-name')!;
      const added = (valueSetDate: string) => ({ ...manf, valueSetDate, valueSetValues: { ...manf.valueSetValues, 9999: { display: 'New device', active: true } } });
      const newer = await createTrustStore([{ eu: es.trustList }, ...shipped.map((valueSet) => ({ valueSet })), { valueSet: added('2026-11-01') }]);
      expect((await decodeEuDcc(hc1, newer, NOW)).ok).toBe(true);
      expect(newer.valueSets.get(manf.valueSetId)?.date).toBe('2026-11-01');
      const older = await createTrustStore([{ eu: es.trustList }, ...shipped.map((valueSet) => ({ valueSet })), { valueSet: added('2021-01-01') }]);
      expect(await decodeEuDcc(hc1, older, NOW)).toMatchObject({ ok: false, code: 'VALUE_SET' });
    });

    it.each([
      [{ valueSetId: 'x', valueSetDate: '2026-11-01', valueSetValues: {} }, /at least one code/],
      [{ valueSetId: 'x', valueSetDate: 'yesterday', valueSetValues: { a: { display: 'A', active: true } } }, /valueSetDate must be a date/],
      [{ valueSetId: 'x', valueSetDate: '2026-11-01', valueSetValues: { a: { active: true } } }, /display/],
    ])('a broken value-set file is refused whole (%#)', async (data, message) => {
      const { parseTrustData } = await import('../../../electron/core/credentials/trust-store');
      expect(() => parseTrustData(data)).toThrow(message);
    });
  });

  it('the validity window is inclusive at both ends', async () => {
    const hc1 = await issueDcc(es, dccTestContent({ sampledAt: '2026-11-19T00:00:00Z' }), { iat: NOW / 1000, exp: NOW / 1000 });
    expect((await decodeEuDcc(hc1, trust, NOW)).ok).toBe(true);
  });
});

describe('credentials/decodeShc on freshly signed cards', () => {
  let issuer: ShcIssuer;
  let revoking: ShcIssuer;
  let shcTrust: TrustStore;
  beforeAll(async () => {
    issuer = await makeShcIssuer();
    revoking = await makeShcIssuer('https://revoking.gatecheck.invalid', ['bad-rid-1', `late-rid.${s('2026-11-10T00:00:00Z')}`]);
    shcTrust = await createTrustStore([{ smart: issuer.trustList }, { smart: revoking.trustList }]);
  });

  it('a negative NAT lab result becomes verified test evidence with the patient as identity', async () => {
    const { qr } = await issueShc(issuer, labBundle({ name: { family: 'Chen', given: ['Liu'] }, birthDate: '1970-07-07', effective: '2026-11-19T09:00:00+08:00' }), { nbf: s('2026-11-19T12:00:00Z') });
    expect(await decodeShc(qr, shcTrust, NOW)).toMatchObject({
      ok: true,
      format: 'shc',
      identity: { name: 'Chen Liu', birthDate: '1970-07-07' },
      evidence: [{ kind: 'test', method: 'nat', result: 'negative', sampledAt: '2026-11-19T01:00:00.000Z' }, { kind: 'identity' }],
    });
  });

  it('a header read before is reused only for the same text: another issuer\'s, a changed kid and a broken one in between each get their own verdict', async () => {
    const card = (await issueShc(issuer, labBundle({ effective: '2026-11-19T09:00:00Z' }), { nbf: s('2026-11-19T12:00:00Z') })).jws;
    const other = (await issueShc(revoking, labBundle({ effective: '2026-11-19T09:00:00Z' }), { nbf: s('2026-11-19T12:00:00Z') })).jws;
    const [, body, sig] = card.split('.');
    const header = (h: object) => Buffer.from(JSON.stringify(h)).toString('base64url');
    const withKid = `${header({ zip: 'DEF', alg: 'ES256', kid: 'not-the-kid' })}.${body}.${sig}`;
    const noAlg = `${header({ zip: 'DEF', kid: issuer.kid })}.${body}.${sig}`;
    const notJson = `${Buffer.from('{"zip":"DEF",').toString('base64url')}.${body}.${sig}`;
    const verdict = async (jws: string) => {
      const r = await decodeShcJws(jws, shcTrust, NOW);
      return r.ok ? 'ok' : r.code;
    };
    for (let round = 0; round < 2; round++) {
      expect(await verdict(card)).toBe('ok');
      expect(await verdict(card)).toBe('ok');
      expect(await verdict(withKid)).toBe('UNKNOWN_KEY');
      expect(await verdict(card)).toBe('ok');
      expect(await verdict(noAlg)).toBe('JWS');
      expect(await verdict(notJson)).toBe('JWS');
      expect(await verdict(card)).toBe('ok');
      expect(await verdict(other)).toBe('ok');
      expect(await verdict(`${card.split('.')[0]}.${body}.${other.split('.')[2]}`)).toBe('SIGNATURE'); // the header read before, another card's signature
    }
  });

  it('an antigen "detected" result is a positive antigen test', async () => {
    const { qr } = await issueShc(issuer, labBundle({ loinc: '97097-0', snomed: '260373001', effective: '2026-11-20T07:00:00Z' }), { nbf: s('2026-11-20T07:30:00Z') });
    const r = await decodeShc(qr, shcTrust, NOW);
    expect(r.ok && r.evidence[0]).toMatchObject({ method: 'antigen', result: 'positive' });
  });

  it('an x5c chain must bind the key to the issuer (SAN URI = iss), and a card must be issued while the certificate is valid', async () => {
    const bound = await makeShcIssuer('https://bound.gatecheck.invalid', undefined, { x5c: { notBefore: '2026-11-01T00:00:00Z', notAfter: '2026-11-19T23:59:59Z' } });
    const store = await createTrustStore([{ smart: bound.trustList }]);
    const inside = await issueShc(bound, labBundle({ effective: '2026-11-19T09:00:00Z' }), { nbf: s('2026-11-19T12:00:00Z') });
    expect((await decodeShc(inside.qr, store, NOW)).ok).toBe(true);
    const after = await issueShc(bound, labBundle({ effective: '2026-11-19T09:00:00Z' }), { nbf: s('2026-11-20T01:00:00Z') });
    expect(await decodeShc(after.qr, store, NOW)).toMatchObject({ ok: false, code: 'SIGNER_EXPIRED' });
    const elsewhere = await makeShcIssuer('https://claims.gatecheck.invalid', undefined, { x5c: { san: 'https://someone-else.invalid' } });
    await expect(createTrustStore([{ smart: elsewhere.trustList }])).rejects.toThrow(/not bound to https:\/\/claims\.gatecheck\.invalid/);
  });

  it('a revocation list whose counter is not the key\'s crlVersion, or that lists a rid twice, is refused at import', async () => {
    const stale = await makeShcIssuer('https://crl.gatecheck.invalid', ['rid-a'], { crlCtr: 2 });
    await expect(createTrustStore([{ smart: stale.trustList }])).rejects.toThrow(/ctr 2 does not match the key's crlVersion 1/);
    const twice = await makeShcIssuer('https://crl2.gatecheck.invalid', ['rid-a', `rid-a.${s('2026-11-10T00:00:00Z')}`]);
    await expect(createTrustStore([{ smart: twice.trustList }])).rejects.toThrow(/rid rid-a is listed twice/);
  });

  it('a chunk holding more than 1,191 JWS characters is refused (the spec\'s limit)', async () => {
    const big = labBundle({ effective: '2026-11-19T09:00:00Z' });
    (big.entry as unknown[]).push(...Array.from({ length: 60 }, (_, i) => ({ fullUrl: `resource:${i + 2}`, resource: { resourceType: 'Observation', status: 'final', code: { text: `note ${i} ${randomBytes(24).toString('hex')}` } } })));
    const { qr, jws } = await issueShc(issuer, big, { nbf: s('2026-11-19T12:00:00Z'), chunks: 2 });
    expect(jws.length / 2).toBeGreaterThan(1191);
    expect(await decodeShc(qr, shcTrust, NOW)).toMatchObject({ ok: false, code: 'NUMERIC' });
  });

  // The spec leaves a resource's other meta fields and extensions alone: read the card, refuse nothing for them.
  it.each([
    ['meta.versionId and lastUpdated', { versionId: '3', lastUpdated: '2026-11-19T10:00:00Z' }],
    ['meta.security with an IAL label', { security: [{ system: 'https://smarthealth.cards/ial', code: 'IAL1.2' }] }],
    ['meta with a profile and a tag', { profile: ['http://hl7.org/fhir/StructureDefinition/Observation'], tag: [{ code: 'x' }] }],
  ])('a card whose resources carry %s verifies', async (_name, meta) => {
    const bundle = labBundle({ effective: '2026-11-19T09:00:00Z' });
    for (const e of bundle.entry as { resource: Record<string, unknown> }[]) {
      e.resource.meta = meta;
      e.resource.extension = [{ url: 'https://example.org/extra', valueString: 'kept as it is' }];
    }
    (bundle.entry as unknown[]).push({ fullUrl: 'resource:9', resource: { resourceType: 'Organization', name: 'An extra resource' } });
    const { qr } = await issueShc(issuer, bundle, { nbf: s('2026-11-19T12:00:00Z') });
    expect(await decodeShc(qr, shcTrust, NOW)).toMatchObject({ ok: true, evidence: [{ kind: 'test', result: 'negative' }, { kind: 'identity' }] });
  });

  it('a security label that is no FHIR Coding is refused (SCHEMA), as FHIR\'s schema refuses it', async () => {
    const bundle = labBundle({ effective: '2026-11-19T09:00:00Z' });
    (bundle.entry as { resource: Record<string, unknown> }[])[0]!.resource.meta = { security: [{ badKey: 'IAL1' }] };
    const { qr } = await issueShc(issuer, bundle, { nbf: s('2026-11-19T12:00:00Z') });
    expect(await decodeShc(qr, shcTrust, NOW)).toMatchObject({ ok: false, code: 'SCHEMA' });
  });

  it('the chunked form with a single chunk (shc:/1/1/…) is the whole card', async () => {
    const { qr } = await issueShc(issuer, labBundle({ effective: '2026-11-19T09:00:00Z' }), { nbf: s('2026-11-19T12:00:00Z') });
    const one = `shc:/1/1/${qr[0]!.slice('shc:/'.length)}`;
    expect(await decodeShc([one], shcTrust, NOW)).toMatchObject({ ok: true, format: 'shc' });
    expect(await decodeShc([`shc:/1/2/${qr[0]!.slice(5)}`], shcTrust, NOW)).toMatchObject({ ok: false, code: 'INCOMPLETE' });
    expect(await decodeShc([`shc:/2/1/${qr[0]!.slice(5)}`], shcTrust, NOW)).toMatchObject({ ok: false, code: 'NUMERIC' });
  });

  it('reassembles a large chunked card scanned in any order', async () => {
    const big = labBundle({ effective: '2026-11-19T09:00:00Z' });
    (big.entry as unknown[]).push(...Array.from({ length: 30 }, (_, i) => ({ fullUrl: `resource:${i + 2}`, resource: { resourceType: 'Observation', status: 'final', code: { text: `note ${i} ${randomBytes(24).toString('hex')}` } } })));
    const { qr } = await issueShc(issuer, big, { nbf: s('2026-11-19T12:00:00Z'), chunks: 3 });
    expect((await decodeShc([qr[2]!, qr[0]!, qr[1]!], shcTrust, NOW)).ok).toBe(true);
    expect(await decodeShc([qr[0]!, qr[1]!], shcTrust, NOW)).toMatchObject({ ok: false, code: 'INCOMPLETE' });
  });

  it.each([
    { name: 'a tampered signature', code: 'SIGNATURE', make: (i: ShcIssuer) => issueShc(i, labBundle({ effective: '2026-11-19T00:00:00Z' }), { nbf: s('2026-11-19T00:00:00Z'), tamper: true }) },
    { name: 'an issuer nobody trusts', code: 'UNKNOWN_KEY', make: async () => issueShc(await makeShcIssuer('https://stranger.invalid'), labBundle({ effective: '2026-11-19T00:00:00Z' }), { nbf: s('2026-11-19T00:00:00Z') }) },
    { name: 'an expired card', code: 'EXPIRED', make: (i: ShcIssuer) => issueShc(i, labBundle({ effective: '2026-11-01T00:00:00Z' }), { nbf: s('2026-11-01T00:00:00Z'), exp: s('2026-11-02T00:00:00Z') }) },
    { name: 'a card not valid yet', code: 'NOT_YET_VALID', make: (i: ShcIssuer) => issueShc(i, labBundle({ effective: '2026-11-19T00:00:00Z' }), { nbf: NOW / 1000 + 3600 }) },
  ])('refuses $name with $code', async ({ make, code }) => {
    const { qr } = await make(issuer);
    expect(await decodeShc(qr, shcTrust, NOW)).toMatchObject({ ok: false, code });
  });

  it('revokes by rid, and by rid with a time only cards issued before it', async () => {
    const bundle = labBundle({ effective: '2026-11-19T00:00:00Z' });
    const plain = await issueShc(revoking, bundle, { nbf: s('2026-11-19T00:00:00Z'), rid: 'bad-rid-1' });
    expect(await decodeShc(plain.qr, shcTrust, NOW)).toMatchObject({ ok: false, code: 'REVOKED' });
    const before = await issueShc(revoking, bundle, { nbf: s('2026-11-09T00:00:00Z'), rid: 'late-rid' });
    expect(await decodeShc(before.qr, shcTrust, NOW)).toMatchObject({ ok: false, code: 'REVOKED' });
    const after = await issueShc(revoking, bundle, { nbf: s('2026-11-11T00:00:00Z'), rid: 'late-rid' });
    expect((await decodeShc(after.qr, shcTrust, NOW)).ok).toBe(true);
  });

  it('a result carries no bytes, so none of the decoders\' pooled working bytes (other cards\') can leave with it', async () => {
    // A structured clone (IPC to the window, a worker's message) of a pooled view would copy its whole pool.
    const views = (v: unknown): number => (ArrayBuffer.isView(v) || v instanceof ArrayBuffer ? 1 : v && typeof v === 'object' ? Object.values(v).reduce<number>((n, x) => n + views(x), 0) : 0);
    const { qr } = await issueShc(issuer, labBundle({ effective: '2026-11-19T00:00:00Z' }), { nbf: s('2026-11-19T00:00:00Z') });
    const tampered = await issueShc(issuer, labBundle({ effective: '2026-11-19T00:00:00Z' }), { nbf: s('2026-11-19T00:00:00Z'), tamper: true });
    const hc1 = await issueDcc(es, dccTestContent({ sampledAt: '2026-11-19T22:30:00Z' }), window);
    const results = [
      await decodeShc(qr, shcTrust, NOW), await decodeShc(tampered.qr, shcTrust, NOW),
      await decodeEuDcc(hc1, trust, NOW), await decodeEuDcc(hc1, await createTrustStore([]), NOW),
    ];
    expect(results.map((r) => r.ok)).toEqual([true, false, true, false]);
    for (const r of results) expect(views(r)).toBe(0);
    // The clone a window would receive holds the results' own fields and nothing more.
    for (const r of results) expect(JSON.stringify(structuredClone(r))).toBe(JSON.stringify(r));
  });
});
