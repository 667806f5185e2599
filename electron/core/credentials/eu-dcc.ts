// EU Digital COVID Certificate (eHealth Network guidelines; dgc-testdata conventions), verified offline:
// HC1: → Base45 → zlib (capped) → COSE_Sign1 (tag 18, untagged, or inside CWT tag 61) → CWT claims →
// ES256 / PS256 signature with the signer found by kid (protected header wins) → key usage → validity window.
import { base45Decode } from './base45';
import { Decoder, Tag } from 'cbor-x';
import { inflateZlib, InflateLimitError } from './inflate';
import { isEpochSeconds, isoInstant } from './iso-instant';
import { DecodeError, failed, type DecodeResult, type StageMark } from './types';
import type { TrustStore, EuSigner } from './trust-store';
import { bytesToBase64, pooledBytes, utf8Bytes } from './bytes';
import { subtle } from '../webcrypto';
import type { Evidence } from '../rules/types';
import type { Bilingual } from '../errors';
import { valueSetProblems, VALUE_SET_FIELD_WORDS } from './value-sets';
import { valueText } from '../text';

const decoder = new Decoder({ mapsAsObjects: false, useRecords: false });

/** Extended key usage OIDs that limit a DCC signer to certificate types; none of them present = any type.
 *  The eHN specification accepts both forms, with and without the stray ".0" arc (NL and IE signers use it). */
export const KEY_USAGE_OIDS: Record<'test' | 'vaccination' | 'recovery', readonly string[]> = {
  test: ['1.3.6.1.4.1.1847.2021.1.1', '1.3.6.1.4.1.0.1847.2021.1.1'],
  vaccination: ['1.3.6.1.4.1.1847.2021.1.2', '1.3.6.1.4.1.0.1847.2021.1.2'],
  recovery: ['1.3.6.1.4.1.1847.2021.1.3', '1.3.6.1.4.1.0.1847.2021.1.3'],
};
const ALL_USAGE_OIDS = Object.values(KEY_USAGE_OIDS).flat();
const COSE_ALG = { [-7]: 'ES256', [-37]: 'PS256' } as const;
// Maps, not objects: a code such as "constructor" finds nothing.
const TEST_TYPES = new Map<unknown, 'nat' | 'antigen'>([['LP6464-4', 'nat'], ['LP217198-3', 'antigen']]);
const TEST_RESULTS = new Map<unknown, 'negative' | 'positive'>([['260415000', 'negative'], ['260373001', 'positive']]);

export interface DccOptions {
  /** Checks the content against the DCC JSON schema of its version; returns problems, or [] when it conforms. */
  validateSchema?: ((content: unknown) => string[]) | undefined;
  mark?: StageMark | undefined;
}

export interface DccContent {
  ver?: string;
  nam?: { fn?: string; gn?: string; fnt?: string; gnt?: string };
  dob?: string;
  t?: Record<string, unknown>[];
  v?: Record<string, unknown>[];
  r?: Record<string, unknown>[];
}

export interface DccDecoded {
  kid: Uint8Array;
  alg: 'ES256' | 'PS256';
  claims: { iss?: string; iat?: number; exp?: number };
  content: DccContent;
}

function asBytes(v: unknown, what: string): Uint8Array {
  if (v instanceof Uint8Array) return v;
  throw new DecodeError('COSE', `${what} is not a byte string`);
}

/**
 * How deep a certificate's content may nest (content → t → a test → a field is three levels). The CBOR decoder reads
 * about two thousand levels before its stack runs out; this copy must not run out first, on any payload it was given.
 */
export const MAX_CONTENT_DEPTH = 16;

/**
 * Plain JSON values from CBOR: maps → objects, dates → ISO strings, byte strings → base64. Throws DecodeError
 * ('CBOR') for content no certificate has: nested deeper than MAX_CONTENT_DEPTH, or a date tag (0, 1) that holds no
 * date — never another error, whatever the bytes were.
 */
export function toPlain(v: unknown, depth = 0): unknown {
  // Most values are strings and numbers: returned before any instanceof test.
  if (typeof v !== 'object' || v === null) return v;
  if (depth >= MAX_CONTENT_DEPTH) throw new DecodeError('CBOR', `the certificate's content nests deeper than ${MAX_CONTENT_DEPTH} levels`);
  const inner = depth + 1;
  if (v instanceof Map) {
    const o: Record<string, unknown> = {};
    for (const [k, val] of v) {
      const key = String(k);
      // A key "__proto__" is a key like any other: assigned, it would set the object's prototype instead (and lend it
      // fields the certificate does not have at that level).
      if (key === '__proto__') Object.defineProperty(o, key, { value: toPlain(val, inner), enumerable: true, writable: true, configurable: true });
      else o[key] = toPlain(val, inner);
    }
    return o;
  }
  if (Array.isArray(v)) return v.map((x) => toPlain(x, inner));
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw new DecodeError('CBOR', 'a date (CBOR tag 0 or 1) that is no date');
    return v.toISOString();
  }
  if (v instanceof Tag) return toPlain(v.value, inner);
  if (v instanceof Uint8Array) return bytesToBase64(v);
  return v;
}

/** A CWT time claim: a number, or a bigint where an issuer wrote a 64-bit integer. */
function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined;
}

/** A CWT time claim (iat, exp), which must be a time a Date can hold (isEpochSeconds): NaN, ±∞ and beyond are refused. */
function timeClaim(v: unknown, name: string): number | undefined {
  const t = num(v);
  if (t === undefined) return undefined;
  if (!isEpochSeconds(t)) throw new DecodeError('CBOR', `the CWT's ${name} is not a time`);
  return t;
}

function getHeader(header: unknown, label: number): unknown {
  return header instanceof Map ? header.get(label) : undefined;
}

/** Decodes without verifying: structure, claims and content. Throws DecodeError naming the stage. */
export function decodeDccStructure(text: string): { decoded: DccDecoded; protectedBytes: Uint8Array; payload: Uint8Array; signature: Uint8Array } {
  if (!text.startsWith('HC1:')) throw new DecodeError('PREFIX', 'the payload does not start with HC1:');
  let compressed: Uint8Array;
  try {
    compressed = base45Decode(text.slice(4));
  } catch (err) {
    throw new DecodeError('BASE45', `Base45: ${(err as Error).message}`);
  }
  let cose: Uint8Array;
  try {
    // Some issuers skipped compression, which verifiers tolerate; only data that begins like a COSE message
    // (tag 18, tag 61, or a bare array of 4) is taken as uncompressed. Anything else must be a zlib stream.
    const looksLikeCose = compressed[0] === 0xd2 || compressed[0] === 0x84 || (compressed[0] === 0xd8 && compressed[1] === 0x3d);
    cose = looksLikeCose ? compressed : inflateZlib(compressed);
  } catch (err) {
    throw new DecodeError('COMPRESSION', err instanceof InflateLimitError ? err.message : `zlib: ${(err as Error).message}`);
  }
  let message: unknown;
  try {
    message = decoder.decode(cose);
  } catch (err) {
    throw new DecodeError('COSE', `COSE_Sign1 is not valid CBOR: ${(err as Error).message}`);
  }
  if (message instanceof Tag && message.tag === 61) message = message.value;
  if (message instanceof Tag) {
    if (message.tag !== 18) throw new DecodeError('COSE', `unexpected CBOR tag ${message.tag}`);
    message = message.value;
  }
  if (!Array.isArray(message) || message.length !== 4) throw new DecodeError('COSE', 'COSE_Sign1 must be an array of 4');
  const [protectedBytes, unprotected, payloadRaw, signatureRaw] = message as unknown[];
  const protectedHeader = asBytes(protectedBytes, 'the protected header');
  const payload = asBytes(payloadRaw, 'the payload');
  const signature = asBytes(signatureRaw, 'the signature');
  let prot: unknown = new Map();
  if (protectedHeader.length > 0) {
    try {
      prot = decoder.decode(protectedHeader);
    } catch {
      throw new DecodeError('COSE', 'the protected header is not valid CBOR');
    }
  }
  // The algorithm is read from the protected header only: an unprotected one could be swapped without breaking the
  // signature (COSE, RFC 9052 §3.1 — `alg` belongs in the protected bucket).
  const algLabel = getHeader(prot, 1);
  const alg = COSE_ALG[algLabel as keyof typeof COSE_ALG];
  if (!alg) throw new DecodeError('COSE', `unsupported signature algorithm ${valueText(algLabel, 40)}`);
  // The protected kid wins; the unprotected one is used only when the protected header has none.
  const kidRaw = getHeader(prot, 4) ?? getHeader(unprotected, 4);
  if (!(kidRaw instanceof Uint8Array)) throw new DecodeError('COSE', 'no key id (kid) in the headers');

  let claimsRaw: unknown;
  try {
    claimsRaw = decoder.decode(payload);
  } catch (err) {
    throw new DecodeError('CBOR', `CWT payload: ${(err as Error).message}`);
  }
  if (!(claimsRaw instanceof Map)) throw new DecodeError('CBOR', 'the CWT payload is not a map');
  const hcert = claimsRaw.get(-260);
  const content = hcert instanceof Map ? hcert.get(1) : undefined;
  if (!(content instanceof Map)) throw new DecodeError('CBOR', 'no health certificate (claim -260 / 1) in the CWT');
  const claims: DccDecoded['claims'] = {};
  const iss = claimsRaw.get(1);
  if (typeof iss === 'string') claims.iss = iss;
  const iat = timeClaim(claimsRaw.get(6), 'iat');
  const exp = timeClaim(claimsRaw.get(4), 'exp');
  if (iat !== undefined) claims.iat = iat;
  if (exp !== undefined) claims.exp = exp;
  return { decoded: { kid: kidRaw, alg, claims, content: toPlain(content) as DccContent }, protectedBytes: protectedHeader, payload, signature };
}

function certificateType(content: DccContent): 'test' | 'vaccination' | 'recovery' | undefined {
  const present = (['t', 'v', 'r'] as const).filter((k) => Array.isArray(content[k]) && content[k]!.length > 0);
  if (present.length !== 1) return undefined;
  return ({ t: 'test', v: 'vaccination', r: 'recovery' } as const)[present[0]!];
}

/** A CBOR byte string's head (RFC 8949 §3.1, major type 2) for a length below 2³². */
function byteStringHead(length: number): number[] {
  if (length < 24) return [0x40 | length];
  if (length < 0x100) return [0x58, length];
  if (length < 0x10000) return [0x59, length >>> 8, length & 0xff];
  return [0x5a, length >>> 24, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff];
}

/** array(4), text(10) "Signature1": the Sig_structure's fixed start. */
const SIGNATURE1_HEAD = [0x84, 0x6a, ...utf8Bytes('Signature1')];

/**
 * Sig_structure of COSE_Sign1 (RFC 9052 §4.4): ["Signature1", protected, external_aad = h'', payload], in CBOR's one
 * deterministic form, written byte by byte (a general encoder took 5 µs of the ~100 a certificate costs beyond its
 * signature; a property test holds the two to the same bytes).
 */
export function sigStructure(protectedBytes: Uint8Array, payload: Uint8Array): Uint8Array {
  const p = byteStringHead(protectedBytes.length);
  const q = byteStringHead(payload.length);
  const out = pooledBytes(SIGNATURE1_HEAD.length + p.length + protectedBytes.length + 1 + q.length + payload.length);
  let at = 0;
  for (const b of SIGNATURE1_HEAD) out[at++] = b;
  for (const b of p) out[at++] = b;
  out.set(protectedBytes, at);
  at += protectedBytes.length;
  out[at++] = 0x40; // external_aad: the empty byte string
  for (const b of q) out[at++] = b;
  out.set(payload, at);
  return out;
}

/** Normalises a date-time of the content (tag 0 or a string with Z or an offset) to an ISO instant. */
function instant(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v);
  return Number.isFinite(t) ? isoInstant(t) : undefined;
}

/** The first 16 bytes of SHA-256, base64: how EU revocation lists name a certificate. */
async function revocationHash(bytes: Uint8Array): Promise<string> {
  return bytesToBase64(new Uint8Array(await subtle().digest('SHA-256', bytes)).subarray(0, 16));
}

/**
 * Whether an imported EU revocation list names this certificate, by any of the three hash types the specification
 * defines: the UCI, the issuing country + UCI, or the signature (ECDSA: its r half; RSA-PSS: all of it).
 */
async function isRevoked(trust: TrustStore, kid: string, decoded: DccDecoded, signature: Uint8Array): Promise<boolean> {
  const c = decoded.content;
  const uci = [...(c.t ?? []), ...(c.v ?? []), ...(c.r ?? [])].map((e) => (e as { ci?: unknown }).ci).find((x): x is string => typeof x === 'string') ?? '';
  const signed = decoded.alg === 'ES256' ? signature.subarray(0, signature.length / 2) : signature;
  return trust.isDccRevoked(kid, {
    UCI: await revocationHash(utf8Bytes(uci)),
    COUNTRYCODEUCI: await revocationHash(utf8Bytes(`${decoded.claims.iss ?? ''}${uci}`)),
    SIGNATURE: await revocationHash(signed),
  });
}

/**
 * Verifies an `HC1:` payload against the trust store at `now` (epoch ms) and turns a test entry into evidence.
 * Never throws for bad input: every failure is a result with the stage's code.
 */
export async function decodeEuDcc(text: string, trust: TrustStore, now: number, options: DccOptions = {}): Promise<DecodeResult> {
  try {
    const { decoded, protectedBytes, payload, signature } = decodeDccStructure(text);
    options.mark?.('decode');
    const signers = trust.euSigners(decoded.kid);
    if (signers.length === 0) throw new DecodeError('UNKNOWN_KEY', `no trusted signer with kid ${bytesToBase64(decoded.kid)}`);
    const tbs = sigStructure(protectedBytes, payload);
    let signer: EuSigner | undefined;
    for (const s of signers) {
      const verified = s.verify(decoded.alg, signature, tbs);
      if (typeof verified === 'boolean' ? verified : await verified) {
        signer = s;
        break;
      }
    }
    if (!signer) throw new DecodeError('SIGNATURE', 'the signature does not verify with the trusted key');
    const type = certificateType(decoded.content);
    const eku = signer.certificate.extendedKeyUsage.filter((o) => ALL_USAGE_OIDS.includes(o));
    if (eku.length > 0 && (!type || !KEY_USAGE_OIDS[type].some((o) => eku.includes(o)))) {
      throw new DecodeError('KEY_USAGE', `the signer may sign ${eku.join(', ')} only, not a ${type ?? 'mixed'} certificate`);
    }
    // A validity check, as the EU verifiers (and dgc-testdata's expiration stage) do: the signer (DSC) must have been valid when the certificate was issued.
    if (decoded.claims.iat !== undefined) {
      const issuedMs = Math.floor(decoded.claims.iat) * 1000;
      if (issuedMs < signer.certificate.notBefore || issuedMs > signer.certificate.notAfter) {
        throw new DecodeError('SIGNER_EXPIRED', `issued ${new Date(issuedMs).toISOString()}, outside the signer's validity ${new Date(signer.certificate.notBefore).toISOString()} – ${new Date(signer.certificate.notAfter).toISOString()}`);
      }
    }
    if (trust.hasDccRevocations && await isRevoked(trust, signer.kid, decoded, signature)) {
      throw new DecodeError('REVOKED', 'the certificate is on an imported revocation list');
    }
    // Both ends inclusive (dgc-testdata puts the clock exactly on iat or exp and expects a pass).
    const nowS = now / 1000;
    if (decoded.claims.iat !== undefined && nowS < Math.floor(decoded.claims.iat)) throw new DecodeError('NOT_YET_VALID', 'issued after the current time');
    if (decoded.claims.exp !== undefined && nowS > decoded.claims.exp) throw new DecodeError('EXPIRED', `expired at ${new Date(decoded.claims.exp * 1000).toISOString()}`);
    const problems = options.validateSchema?.(decoded.content) ?? [];
    // Read with or without the schema check: an entry that is not an object (null, a string) is no entry.
    const kind = type === 'test' ? 't' : type === 'vaccination' ? 'v' : 'r';
    if (type && problems.length === 0 && !decoded.content[kind]!.every((e) => e !== null && typeof e === 'object' && !Array.isArray(e))) problems.push(`${kind}: an entry that is not an object`);
    if (problems.length > 0 || !type) throw new DecodeError('SCHEMA', problems.length ? problems.join('; ') : 'the certificate must hold exactly one of t, v, r');
    const outside = valueSetProblems(decoded.content, trust.valueSets);
    if (outside.length > 0) {
      const fields = [...new Set(outside.map((p) => p.field))];
      throw new DecodeError('VALUE_SET', outside.map((p) => `${p.path} = ${p.value} is not in ${p.set} (${trust.valueSets.get(p.set)?.date ?? ''})`).join('; '), {
        zh: `证书中的编码不在欧盟值集中（${fields.map((f) => `${VALUE_SET_FIELD_WORDS[f].zh} ${f}`).join('、')}），证书无效`,
        en: `Not in the EU value sets: ${fields.map((f) => `${VALUE_SET_FIELD_WORDS[f].en} (${f})`).join(', ')}`,
      });
    }
    options.mark?.('verify');

    const c = decoded.content;
    const identity: { name?: string; birthDate?: string } = {};
    const word = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
    const nam = (c.nam !== null && typeof c.nam === 'object' ? c.nam : {}) as Record<string, unknown>;
    const name = [word(nam.fn) ?? word(nam.fnt), word(nam.gn) ?? word(nam.gnt)].filter(Boolean).join(' ');
    if (name) identity.name = name;
    if (typeof c.dob === 'string' && c.dob) identity.birthDate = c.dob;
    const evidence: Evidence[] = [];
    const notes: Bilingual[] = [];
    if (type === 'test') {
      for (const t of c.t!) {
        const method = TEST_TYPES.get(t.tt);
        const result = TEST_RESULTS.get(t.tr);
        const sampledAt = instant(t.sc);
        // A verified certificate whose test entry uses codes outside the EU value sets proves nothing about the test.
        if (!method || !result || !sampledAt) {
          notes.push({ zh: '证书中的检测类型、结果或采样时间无法识别，不能作为检测证明', en: 'The test type, result or sampling time is not a known code: not usable as test proof' });
          continue;
        }
        evidence.push({ kind: 'test', method, result, sampledAt, source: 'verified', issuer: valueText(t.is ?? decoded.claims.iss ?? '') });
      }
    } else {
      notes.push(type === 'vaccination'
        ? { zh: '这是疫苗接种证书，不是检测证明', en: 'This is a vaccination certificate, not a test result' }
        : { zh: '这是康复证书，不是检测证明', en: 'This is a recovery certificate, not a test result' });
    }
    evidence.push({ kind: 'identity', ...identity, source: 'verified' });
    return {
      ok: true,
      format: 'eu-dcc',
      evidence,
      identity,
      notes,
      meta: { certificateType: type, kid: signer.kid, ...(decoded.claims.iss ? { issuer: decoded.claims.iss } : {}), ...(signer.country ? { country: signer.country } : {}) },
    };
  } catch (err) {
    return failed('eu-dcc', err);
  }
}
