// Issues fresh, really signed test credentials with new keys (EU DCC signer certificates and SMART issuer keys),
// so the verifiers are tested on vectors they have never seen, built from the public specifications.
import 'reflect-metadata'; // @peculiar/x509 (certificate generation, tests only) needs it
import { webcrypto, createHash } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { Encoder, Tag } from 'cbor-x';
import { zlibSync, deflateSync } from 'fflate';
import { encode as base45Encode } from '@digitalbazaar/base45';
import { calculateJwkThumbprint } from 'jose';
import { sigStructure, KEY_USAGE_OIDS } from '../../electron/core/credentials/eu-dcc';
import type { EuTrustList, SmartIssuerList } from '../../electron/core/credentials/trust-store';

x509.cryptoProvider.set(webcrypto as never);
type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
type JsonWebKey = webcrypto.JsonWebKey;
const subtle = webcrypto.subtle;
const cbor = new Encoder({ useRecords: false, mapsAsObjects: false, tagUint8Array: false });
const b64url = (b: Uint8Array | ArrayBuffer) => Buffer.from(b instanceof ArrayBuffer ? new Uint8Array(b) : b).toString('base64url');

export interface DccSigner {
  alg: 'ES256' | 'PS256';
  kid: Uint8Array;
  der: Uint8Array;
  privateKey: CryptoKey;
  trustList: EuTrustList;
}

/** A new document signer certificate (self-signed here; the trust list pins it by kid as national backends do). */
export async function makeDccSigner(options: { alg?: 'ES256' | 'PS256'; keyUsage?: ('test' | 'vaccination' | 'recovery')[]; country?: string; notBefore?: string; notAfter?: string } = {}): Promise<DccSigner> {
  const alg = options.alg ?? 'ES256';
  const algorithm = alg === 'ES256'
    ? { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' }
    : { name: 'RSA-PSS', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
  const keys = (await subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
  const extensions: x509.Extension[] = [];
  if (options.keyUsage?.length) extensions.push(new x509.ExtendedKeyUsageExtension(options.keyUsage.map((u) => KEY_USAGE_OIDS[u][0]!)));
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Date.now().toString(16),
    name: `CN=GateCheck Test DSC ${alg}, C=${options.country ?? 'XA'}`,
    notBefore: new Date(options.notBefore ?? '2020-01-01T00:00:00Z'),
    notAfter: new Date(options.notAfter ?? '2040-01-01T00:00:00Z'),
    signingAlgorithm: alg === 'ES256' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 },
    keys,
    extensions,
  });
  const der = new Uint8Array(cert.rawData);
  const kid = new Uint8Array(createHash('sha256').update(der).digest().subarray(0, 8));
  return {
    alg,
    kid,
    der,
    privateKey: keys.privateKey,
    trustList: { date: '2026-11-01', certificates: [{ kid: Buffer.from(kid).toString('base64'), country: options.country ?? 'XA', rawData: Buffer.from(der).toString('base64') }] },
  };
}

export interface DccTestEntry {
  familyName?: string;
  givenName?: string;
  dob?: string;
  method?: 'nat' | 'antigen';
  result?: 'negative' | 'positive';
  sampledAt: string;
  /** Fields of the test entry to set or replace (e.g. a coded value outside the EU value sets). */
  fields?: Record<string, unknown>;
}

export function dccTestContent(e: DccTestEntry): Map<string, unknown> {
  const fn = e.familyName ?? 'Zhang';
  const gn = e.givenName ?? 'San';
  return new Map<string, unknown>([
    ['ver', '1.3.0'],
    ['nam', new Map([['fn', fn], ['fnt', fn.toUpperCase()], ['gn', gn], ['gnt', gn.toUpperCase()]])],
    ['dob', e.dob ?? '1980-02-29'],
    ['t', [new Map<string, unknown>([
      ['tg', '840539006'],
      ['tt', e.method === 'antigen' ? 'LP217198-3' : 'LP6464-4'],
      ...(e.method === 'antigen' ? [['ma', '1232'] as [string, unknown]] : [['nm', 'Roche LightCycler qPCR'] as [string, unknown]]),
      ['sc', e.sampledAt],
      ['tr', e.result === 'positive' ? '260373001' : '260415000'],
      ['tc', 'GateCheck Test Centre'],
      ['co', 'AT'],
      ['is', 'GateCheck Test Issuer'],
      ['ci', `URN:UVCI:01:AT:GATECHECK${Math.floor(Math.random() * 1e9)}#X`],
      ...Object.entries(e.fields ?? {}),
    ])]],
  ]);
}

export interface DccIssueOptions {
  iat: number;
  exp: number;
  iss?: string;
  kidWhere?: 'protected' | 'unprotected';
  tag?: 'sign1' | 'cwt' | 'none';
  tamper?: boolean;
}

/** COSE_Sign1 over a CWT, zlib, Base45, "HC1:". */
export async function issueDcc(signer: DccSigner, content: Map<string, unknown>, o: DccIssueOptions): Promise<string> {
  const alg = signer.alg === 'ES256' ? -7 : -37;
  const protectedMap = new Map<number, unknown>([[1, alg]]);
  const unprotected = new Map<number, unknown>();
  (o.kidWhere === 'unprotected' ? unprotected : protectedMap).set(4, signer.kid);
  const protectedBytes = new Uint8Array(cbor.encode(protectedMap));
  const payload = new Uint8Array(cbor.encode(new Map<number, unknown>([[1, o.iss ?? 'AT'], [4, o.exp], [6, o.iat], [-260, new Map([[1, content]])]])));
  const params = signer.alg === 'ES256' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSA-PSS', saltLength: 32 };
  const signature = new Uint8Array(await subtle.sign(params, signer.privateKey, sigStructure(protectedBytes, payload)));
  if (o.tamper) signature[10] = signature[10]! ^ 0x01;
  const body = [protectedBytes, unprotected, payload, signature];
  const message = o.tag === 'none' ? body : o.tag === 'cwt' ? new Tag(new Tag(body, 18), 61) : new Tag(body, 18);
  const compressed = zlibSync(new Uint8Array(cbor.encode(message)), { level: 9 });
  return 'HC1:' + base45Encode(new Uint8Array(compressed));
}

export interface ShcIssuer {
  iss: string;
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JsonWebKey & { kid: string };
  trustList: SmartIssuerList;
}

export interface ShcIssuerOptions {
  /** A self-signed certificate for the key, as `x5c`: its subjectAltName URI (default: `iss`) and validity. */
  x5c?: { san?: string; notBefore?: string; notAfter?: string };
  /** The revocation list's counter (default: the key's crlVersion, 1). */
  crlCtr?: number;
}

export async function makeShcIssuer(iss = 'https://issuer.gatecheck.invalid/shc', crlRids?: string[], options: ShcIssuerOptions = {}): Promise<ShcIssuer> {
  const keys = (await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const jwk = await subtle.exportKey('jwk', keys.publicKey);
  const kid = await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! }, 'sha256');
  let x5c: string[] | undefined;
  if (options.x5c) {
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: Date.now().toString(16),
      name: 'CN=GateCheck Test SMART Issuer',
      notBefore: new Date(options.x5c.notBefore ?? '2020-01-01T00:00:00Z'),
      notAfter: new Date(options.x5c.notAfter ?? '2040-01-01T00:00:00Z'),
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      keys,
      extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'url', value: options.x5c.san ?? iss }])],
    });
    x5c = [Buffer.from(cert.rawData).toString('base64')];
  }
  const publicJwk = { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y!, kid, alg: 'ES256', use: 'sig', ...(crlRids ? { crlVersion: 1 } : {}), ...(x5c ? { x5c } : {}) };
  return {
    iss,
    kid,
    privateKey: keys.privateKey,
    publicJwk,
    trustList: {
      date: '2026-11-01',
      issuers: [{ iss, keys: [publicJwk as never], ...(crlRids ? { crls: { [kid]: { kid, method: 'rid' as const, ctr: options.crlCtr ?? 1, rids: crlRids } } } : {}) }],
    },
  };
}

export interface LabResult {
  name?: { family: string; given: string[] };
  birthDate?: string;
  loinc?: string;
  snomed?: string;
  effective: string;
}

export function labBundle(r: LabResult): Record<string, unknown> {
  return {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [
      { fullUrl: 'resource:0', resource: { resourceType: 'Patient', name: [r.name ?? { family: 'Li', given: ['Si'] }], birthDate: r.birthDate ?? '1975-06-01' } },
      {
        fullUrl: 'resource:1',
        resource: {
          resourceType: 'Observation',
          status: 'final',
          code: { coding: [{ system: 'http://loinc.org', code: r.loinc ?? '94500-6' }] },
          subject: { reference: 'resource:0' },
          effectiveDateTime: r.effective,
          performer: [{ display: 'GateCheck Test Lab' }],
          valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: r.snomed ?? '260415000' }] },
        },
      },
    ],
  };
}

/** A compact JWS SMART Health Card, and its numeric QR text (one, or `chunks` parts). */
/**
 * A compact JWS over any payload (any JSON value, the SMART card's or not) signed with the issuer's key, under the
 * usual header or any other JSON value given as `header`.
 */
export async function signShcPayload(issuer: ShcIssuer, payload: unknown, o: { header?: unknown; tamper?: boolean | undefined } = {}): Promise<string> {
  const header = b64url(Buffer.from(JSON.stringify('header' in o ? o.header : { zip: 'DEF', alg: 'ES256', kid: issuer.kid })));
  const body = b64url(deflateSync(new TextEncoder().encode(JSON.stringify(payload)), { level: 9 }));
  const sig = new Uint8Array(await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, issuer.privateKey, new TextEncoder().encode(`${header}.${body}`)));
  if (o.tamper) sig[5] = sig[5]! ^ 0x01;
  return `${header}.${body}.${b64url(sig)}`;
}

/** A JWS as a SMART card's numeric QR digits (two a character: its code minus 45). */
export function shcDigits(jws: string): string {
  return [...jws].map((c) => String(c.charCodeAt(0) - 45).padStart(2, '0')).join('');
}

export async function issueShc(issuer: ShcIssuer, bundle: Record<string, unknown>, o: { nbf: number; exp?: number; rid?: string; chunks?: number; tamper?: boolean }): Promise<{ jws: string; qr: string[] }> {
  const payload = {
    iss: issuer.iss,
    nbf: o.nbf,
    ...(o.exp ? { exp: o.exp } : {}),
    vc: { type: ['https://smarthealth.cards#health-card', 'https://smarthealth.cards#laboratory'], credentialSubject: { fhirVersion: '4.0.1', fhirBundle: bundle }, ...(o.rid ? { rid: o.rid } : {}) },
  };
  const jws = await signShcPayload(issuer, payload, { tamper: o.tamper });
  const digits = shcDigits(jws);
  const n = o.chunks ?? 1;
  if (n === 1) return { jws, qr: [`shc:/${digits}`] };
  const per = Math.ceil(jws.length / n) * 2;
  return { jws, qr: Array.from({ length: n }, (_, i) => `shc:/${i + 1}/${n}/${digits.slice(i * per, (i + 1) * per)}`) };
}
