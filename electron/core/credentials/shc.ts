// SMART Health Cards (spec.smarthealth.cards), verified offline: shc:/ numeric (chunks reassembled) → compact JWS →
// raw DEFLATE (capped) → payload; ES256 with the issuer's key by iss and kid; nbf/exp; revocation by rid.
// A SARS-CoV-2 laboratory Observation becomes `test` evidence; the Patient gives the identity.
import { cutText, valueText } from '../text';
import { DecodeError, failed, type DecodeResult, type Identity, type StageMark } from './types';
import { inflateRawText, InflateLimitError } from './inflate';
import { isEpochSeconds, isoInstant } from './iso-instant';
import { base64UrlToBytes, concatBytes, equalBytes, pooledBytes, utf8, utf8Bytes, utf8Into } from './bytes';
import type { TrustStore, SmartCrl } from './trust-store';
import type { Bilingual } from '../errors';
import type { Evidence } from '../rules/types';

/** The largest JWS a single version-22 numeric QR holds; a card this small must not be chunked (spec). */
export const SINGLE_QR_MAX_JWS = 1195;
/** The most JWS characters one chunk of a chunked card may hold (spec: "no more than 1191 characters"). */
export const CHUNK_MAX_JWS = 1191;

/** LOINC codes of SARS-CoV-2 tests: nucleic-acid amplification (NAT) and antigen. A code in neither list gives no
 *  test evidence (the card is still verified; the screen says the test type is not recognised). */
export const NAT_LOINC = new Set([
  '94306-8', '94307-6', '94308-4', '94309-2', '94310-0', '94311-8', '94312-6', '94314-2', '94315-9', '94316-7',
  '94500-6', '94502-2', '94531-1', '94533-7', '94534-5', '94559-2', '94565-9', '94639-2', '94640-0', '94641-8',
  '94642-6', '94643-4', '94644-2', '94645-9', '94646-7', '94660-8', '94756-4', '94757-2', '94759-8', '94760-6',
  '94766-3', '94819-0', '94845-5', '95406-5', '95409-9', '95423-0', '95424-8', '95425-5', '95608-6', '95609-4',
  '96091-4', '96120-1', '96121-9', '96122-7', '96123-5', '96448-6', '96797-6', '96829-7', '96957-6', '96958-4', '96986-5',
]);
export const ANTIGEN_LOINC = new Set(['94558-4', '94564-2', '95209-3', '96119-3', '97097-0', '97098-8', '97099-6']);
const NEGATIVE_SNOMED = new Set(['260385009', '260415000']);
const POSITIVE_SNOMED = new Set(['10828004', '260373001']);

const CHUNK = /^shc:\/(\d+)\/(\d+)\/(\d+)$/;

/** The part number and part count of a chunked card (`shc:/i/n/digits`), or undefined for anything else. */
export function shcChunkOf(text: string): { index: number; count: number } | undefined {
  const m = CHUNK.exec(text);
  return m ? { index: Number(m[1]), count: Number(m[2]) } : undefined;
}

const NOT_NUMERIC = 'not a numeric SMART Health Card (shc:/digits or shc:/i/n/digits)';
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
/**
 * Two digit characters' bytes read as one 16-bit number (in the machine's byte order) → the JWS character they stand
 * for (the pair's value + 45), or -1 where the two are not both digits or their value is over 77. One lookup a
 * character, where two digit checks, arithmetic and a range check each cost more (the bench's numeric stage for a
 * card's 1,500 digits: 2.8 → 2.1 µs).
 */
const DIGIT_PAIR = new Int8Array(1 << 16).fill(-1);
for (let hi = 0; hi <= 9; hi++) {
  for (let lo = 0; lo <= 9; lo++) {
    if (hi * 10 + lo > 77) continue;
    DIGIT_PAIR[LITTLE_ENDIAN ? (48 + hi) | ((48 + lo) << 8) : ((48 + hi) << 8) | (48 + lo)] = hi * 10 + lo + 45;
  }
}
/**
 * Where a scan's text is written as bytes (reused between calls), and the same bytes four at a time. A digit pair
 * read as 16 bits needs the table's byte order; four digits read as 32 bits are two pairs (low half first on a
 * little-endian machine).
 */
let digitBytes = new Uint8Array(8192);
let digitQuads = new Uint32Array(digitBytes.buffer);
const DIGIT_SCRATCH_MAX = 64 * 1024;

/**
 * The digits of `text` from `start` on, two to a character, as JWS bytes. The text is written as bytes shifted so
 * that its digits begin on a 32-bit boundary, and read four digits (two characters) at a time. Throws NUMERIC for
 * anything but an even number of digits whose pairs are all ≤ 77.
 */
function digitsToAscii(text: string, start: number): Uint8Array {
  const pad = (4 - (start & 3)) & 3;
  if (text.length + pad + 4 > digitBytes.length) {
    if (text.length > DIGIT_SCRATCH_MAX) throw new DecodeError('NUMERIC', NOT_NUMERIC); // no QR code holds this
    digitBytes = new Uint8Array((text.length + pad + 8) & ~3);
    digitQuads = new Uint32Array(digitBytes.buffer);
  }
  // A character beyond ASCII takes more than one byte: then fewer characters are read than the text has, or more
  // bytes are written.
  const { read, written } = utf8Into(text, digitBytes.subarray(pad));
  if (read !== text.length || written !== text.length) throw new DecodeError('NUMERIC', NOT_NUMERIC);
  if ((text.length - start) % 2 !== 0) throw new DecodeError('NUMERIC', 'an odd number of digits');
  const n = (text.length - start) / 2;
  const codes = pooledBytes(n);
  const first = (start + pad) >>> 2;
  let bad = 0;
  let i = 0;
  for (const pairs = n & ~1; i < pairs; i += 2) {
    const q = digitQuads[first + (i >>> 1)]!;
    const a = DIGIT_PAIR[LITTLE_ENDIAN ? q & 0xffff : q >>> 16]!;
    const b = DIGIT_PAIR[LITTLE_ENDIAN ? q >>> 16 : q & 0xffff]!;
    bad |= a | b;
    codes[i] = a;
    codes[i + 1] = b;
  }
  if (i < n) {
    // The last character's two digits.
    const at = start + pad + 2 * i;
    const c = DIGIT_PAIR[LITTLE_ENDIAN ? digitBytes[at]! | (digitBytes[at + 1]! << 8) : (digitBytes[at]! << 8) | digitBytes[at + 1]!]!;
    bad |= c;
    codes[i] = c;
  }
  if (bad < 0) {
    for (let j = start + pad; j < text.length + pad; j += 2) {
      const hi = digitBytes[j]! - 48;
      const lo = digitBytes[j + 1]! - 48;
      if (hi >>> 0 > 9 || lo >>> 0 > 9) break;
      if (hi * 10 + lo > 77) throw new DecodeError('NUMERIC', `digit pair ${hi * 10 + lo} is outside the base64url range`);
    }
    throw new DecodeError('NUMERIC', NOT_NUMERIC);
  }
  return codes;
}
/**
 * Numeric QR text (one or more chunks, any order) → the compact JWS as its ASCII bytes (the form the signature covers,
 * so no string is built and re-encoded). Throws DecodeError PREFIX / NUMERIC / INCOMPLETE.
 */
export function shcNumericToAscii(parts: readonly string[]): Uint8Array {
  if (parts.length === 0 || parts.some((p) => !p.startsWith('shc:/'))) throw new DecodeError('PREFIX', 'does not start with shc:/');
  // One part with no '/' after the prefix is a whole card; its digits are checked as they are converted (a regular
  // expression over its ~1,500 digits first cost as much again).
  if (parts.length === 1 && parts[0]!.indexOf('/', 5) === -1 && parts[0]!.length > 5) return digitsToAscii(parts[0]!, 5);
  const chunks = parts.map((p) => {
    const m = CHUNK.exec(p);
    if (!m) throw new DecodeError('NUMERIC', NOT_NUMERIC);
    return { i: Number(m[1]), n: Number(m[2]), digits: m[3]! };
  });
  const n = chunks[0]!.n;
  if (chunks.some((c) => c.n !== n || c.i < 1 || c.i > n) || n < 1) throw new DecodeError('NUMERIC', 'chunk numbers do not fit together');
  // The chunked form with one chunk (`shc:/1/1/…`) is the whole card in the chunked syntax: read as the whole card.
  if (n === 1 && chunks.length === 1) return digitsToAscii(chunks[0]!.digits, 0);
  if (new Set(chunks.map((c) => c.i)).size !== chunks.length) throw new DecodeError('NUMERIC', 'the same chunk twice');
  if (chunks.length < n) throw new DecodeError('INCOMPLETE', `${chunks.length} of ${n} parts scanned`);
  const pieces = chunks.sort((a, b) => a.i - b.i).map((c) => digitsToAscii(c.digits, 0));
  if (pieces.some((p) => p.length > CHUNK_MAX_JWS)) throw new DecodeError('NUMERIC', `a chunk holds more than ${CHUNK_MAX_JWS} JWS characters (the spec's limit)`);
  const jws = concatBytes(pieces);
  if (jws.length <= SINGLE_QR_MAX_JWS) throw new DecodeError('NUMERIC', 'chunked although it fits one QR code (chunking is deprecated)');
  return jws;
}

/** Numeric QR text → compact JWS (a string; the decoder itself works on the bytes). */
export function shcNumericToJws(parts: readonly string[]): string {
  return utf8(shcNumericToAscii(parts));
}

interface Payload {
  iss: string;
  nbf: number;
  exp?: number;
  vc: { type: string[]; credentialSubject: { fhirVersion?: string; fhirBundle: { resourceType: string; entry?: { resource?: Record<string, unknown> }[] } }; rid?: string };
}

/** Checks the JWS payload's shape and validity window at `now` (ms). Throws DecodeError SCHEMA / NOT_YET_VALID / EXPIRED. */
export function checkShcPayload(p: unknown, now: number): Payload {
  const o = p as Partial<Payload> | null;
  if (!o || typeof o !== 'object') throw new DecodeError('SCHEMA', 'the payload is not a JSON object');
  if (typeof o.iss !== 'string') throw new DecodeError('SCHEMA', 'the payload has no iss');
  if (!isEpochSeconds(o.nbf)) throw new DecodeError('SCHEMA', 'the payload has no nbf (seconds since 1970)');
  if (!o.vc || !Array.isArray(o.vc.type) || !o.vc.type.includes('https://smarthealth.cards#health-card')) throw new DecodeError('SCHEMA', 'vc.type lacks https://smarthealth.cards#health-card');
  checkBundle(o.vc.credentialSubject?.fhirBundle);
  if (o.exp !== undefined && !isEpochSeconds(o.exp)) throw new DecodeError('SCHEMA', 'exp is not a time (seconds since 1970)');
  if (now < o.nbf * 1000) throw new DecodeError('NOT_YET_VALID', `not valid before ${new Date(o.nbf * 1000).toISOString()}`);
  if (o.exp !== undefined && now > o.exp * 1000) throw new DecodeError('EXPIRED', `expired at ${new Date(o.exp * 1000).toISOString()}`);
  return o as Payload;
}

/** The code of the first coding from `system` in a FHIR CodeableConcept (a loop: a `find` with a closure per call
 *  was a measurable part of a card's FHIR reading). */
function codeIn(concept: unknown, system: string): string | undefined {
  const c = (concept as { coding?: unknown } | undefined)?.coding;
  if (!Array.isArray(c)) return undefined;
  for (const coding of c as ({ system?: unknown; code?: unknown } | null)[]) if (coding?.system === system) return coding.code as string | undefined;
  return undefined;
}

/** A FHIR HumanName as one line: its text, or the family name then the given names. */
function nameLine(value: unknown): string {
  if (!value || typeof value !== 'object') return '';
  const name = value as { family?: unknown; given?: unknown; text?: unknown };
  // Only text is a name: a number or an object where a name goes is left out, not printed as "[object Object]".
  if (typeof name.text === 'string') return capped(name.text);
  let line = typeof name.family === 'string' ? name.family : '';
  if (Array.isArray(name.given)) for (const g of name.given as unknown[]) if (typeof g === 'string' && g) line = line ? `${line} ${g}` : g;
  return capped(line);
}

/**
 * The longest name a card's holder line takes (characters): an EU DCC's schema allows 80 for each of two names; FHIR
 * sets no limit, and a card's payload may hold 64 KiB. A longer name is cut with an ellipsis, so the register and the
 * screen never carry pages of it.
 */
export const MAX_NAME_CHARS = 160;

const capped = (name: string) => cutText(name, MAX_NAME_CHARS);

/** JSON with nothing around it: no byte-order mark, no leading or trailing characters (SHC payloads are minified). */
export function parseStrictJson(text: string): unknown {
  // The first and last characters, read directly (a regular expression anchored at the end scanned the whole text).
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  if ((first !== 0x7b && first !== 0x5b) || (last !== 0x7d && last !== 0x5d)) throw new DecodeError('SCHEMA', 'characters before or after the JSON value');
  try {
    return JSON.parse(text);
  } catch {
    throw new DecodeError('SCHEMA', 'not valid JSON');
  }
}

/** The keys of a FHIR Coding, and the types of their values. */
const CODING_FIELDS: Readonly<Record<string, 'string' | 'boolean'>> = { system: 'string', version: 'string', code: 'string', display: 'string', userSelected: 'boolean' };

/**
 * The FHIR Bundle a card carries: a collection with entries. A resource's `meta` is read leniently: the spec asks
 * issuers to keep only `meta.security` there, but a verifier is not told to refuse the rest (`versionId`,
 * `lastUpdated`, …), so other fields are left alone. What `meta.security` holds must be FHIR Codings, though: a
 * security label that is not one (an unknown key, a number for a code) is refused, as FHIR's schema refuses it.
 */
export function checkBundle(bundle: unknown): void {
  const b = bundle as { resourceType?: unknown; type?: unknown; entry?: unknown };
  if (b?.resourceType !== 'Bundle' || b.type !== 'collection' || !Array.isArray(b.entry)) throw new DecodeError('SCHEMA', 'the FHIR Bundle must be a collection with entries');
  for (const [i, e] of (b.entry as { resource?: { meta?: unknown } }[]).entries()) {
    const meta = e?.resource?.meta;
    if (meta === undefined) continue;
    if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) throw new DecodeError('SCHEMA', `entry ${i}: resource meta is not an object`);
    const security = (meta as { security?: unknown }).security;
    if (security === undefined) continue;
    const ok = Array.isArray(security) && security.every((c) => c !== null && typeof c === 'object' && !Array.isArray(c) &&
      Object.entries(c as Record<string, unknown>).every(([k, v]) => CODING_FIELDS[k] !== undefined && typeof v === CODING_FIELDS[k]));
    if (!ok) throw new DecodeError('SCHEMA', `entry ${i}: resource meta.security must hold FHIR Codings`);
  }
}

/** Evidence and identity from a FHIR Bundle: lab Observations for SARS-CoV-2 and the Patient. */
export function bundleToEvidence(bundle: Payload['vc']['credentialSubject']['fhirBundle'], issuer?: string): { evidence: Evidence[]; identity: Identity; notes: Bilingual[] } {
  const identity: Identity = {};
  const evidence: Evidence[] = [];
  const notes: Bilingual[] = [];
  let immunizations = 0;
  for (const entry of bundle.entry ?? []) {
    // An entry or a resource that is not an object (null, a number) holds nothing to read.
    const resource = (entry as { resource?: unknown } | null)?.resource as Record<string, unknown> | undefined;
    if (!resource || typeof resource !== 'object') continue;
    if (resource.resourceType === 'Patient') {
      const full = nameLine(Array.isArray(resource.name) ? resource.name[0] : undefined);
      if (full) identity.name = full;
      if (typeof resource.birthDate === 'string') identity.birthDate = resource.birthDate;
    } else if (resource.resourceType === 'Immunization') {
      immunizations++;
    } else if (resource.resourceType === 'Observation') {
      const loinc = codeIn(resource.code, 'http://loinc.org');
      const method = loinc && NAT_LOINC.has(loinc) ? 'nat' : loinc && ANTIGEN_LOINC.has(loinc) ? 'antigen' : undefined;
      if (!method) continue;
      const snomed = codeIn(resource.valueCodeableConcept, 'http://snomed.info/sct');
      const result = snomed && NEGATIVE_SNOMED.has(snomed) ? 'negative' : snomed && POSITIVE_SNOMED.has(snomed) ? 'positive' : undefined;
      const at = typeof resource.effectiveDateTime === 'string' ? Date.parse(resource.effectiveDateTime) : NaN;
      if (resource.status === 'entered-in-error' || !result || !Number.isFinite(at)) {
        notes.push({ zh: '检测结果或采样时间无法识别，不能作为检测证明', en: 'A test result or sampling time is not readable: not usable as test proof' });
        continue;
      }
      evidence.push({ kind: 'test', method, result, sampledAt: isoInstant(at), source: 'verified', ...(issuer ? { issuer } : {}) });
    }
  }
  if (evidence.length === 0 && immunizations > 0) notes.push({ zh: '这是疫苗接种记录，不是检测证明', en: 'This is a vaccination record, not a test result' });
  return { evidence, identity, notes };
}

function revoked(crl: SmartCrl | undefined, rid: string | undefined, nbf: number): boolean {
  if (!crl || !rid) return false;
  return crl.rids.some((entry) => {
    const [id, ts] = entry.split('.');
    return id === rid && (ts === undefined || nbf < Number(ts));
  });
}

/** Verifies a compact JWS as a SMART Health Card at `now` (ms). Never throws for bad input. */
export function decodeShcJws(jws: string, trust: TrustStore, now: number): Promise<DecodeResult> {
  return decodeShcAscii(utf8Bytes(jws), trust, now);
}

const DOT = 0x2e;

type JwsHeader = { readonly alg?: string; readonly zip?: string; readonly kid?: string };
/**
 * The last JWS header read, by its base64url text: a station sees one issuer's header card after card, and reading
 * it again (base64url, UTF-8, JSON) was half a microsecond of each check. Only a header that parsed to an object is
 * kept; every check on it still runs for each card.
 */
let lastHeader: { ascii: Uint8Array; header: JwsHeader } | undefined;

/** A compact JWS given as its ASCII bytes (non-ASCII bytes are not base64url and fail as JWS). */
async function decodeShcAscii(jws: Uint8Array, trust: TrustStore, now: number, mark?: StageMark): Promise<DecodeResult> {
  try {
    const first = jws.indexOf(DOT);
    const second = first < 0 ? -1 : jws.indexOf(DOT, first + 1);
    if (first < 1 || second < first + 2 || second === jws.length - 1 || jws.indexOf(DOT, second + 1) !== -1) throw new DecodeError('JWS', 'not a compact JWS (three base64url parts)');
    // The header as read before when its text is the same (see lastHeader); otherwise decoded and parsed here.
    let header = lastHeader && equalBytes(jws, first, lastHeader.ascii) ? lastHeader.header : undefined;
    let headerBytes: Uint8Array | undefined;
    let body: Uint8Array;
    let signature: Uint8Array;
    try {
      if (!header) headerBytes = base64UrlToBytes(jws, 0, first);
      body = base64UrlToBytes(jws, first + 1, second);
      signature = base64UrlToBytes(jws, second + 1, jws.length);
    } catch {
      throw new DecodeError('JWS', 'a JWS part is not valid base64url');
    }
    if (!header) {
      try {
        header = JSON.parse(utf8(headerBytes!)) as JwsHeader;
      } catch {
        throw new DecodeError('JWS', 'the JWS header is not JSON');
      }
      // JSON that is not an object ("null", a number) is no header: refused here, not read as one.
      if (header === null || typeof header !== 'object') throw new DecodeError('JWS', 'the JWS header is not a JSON object');
      lastHeader = { ascii: jws.slice(0, first), header: Object.freeze(header) };
    }
    if (header.alg !== 'ES256') throw new DecodeError('JWS', `alg must be ES256, not ${valueText(header.alg, 40)}`);
    if (header.zip !== 'DEF') throw new DecodeError('JWS', 'zip must be DEF');
    if (typeof header.kid !== 'string' || !header.kid) throw new DecodeError('JWS', 'the JWS header has no kid');
    let text: string;
    try {
      text = inflateRawText(body);
    } catch (err) {
      throw new DecodeError('COMPRESSION', err instanceof InflateLimitError ? err.message : `raw DEFLATE: ${(err as Error).message}`);
    }
    const payload = parseStrictJson(text); // a byte-order mark or trailing characters fail here
    mark?.('decode');
    const iss = (payload as { iss?: unknown })?.iss;
    if (typeof iss !== 'string') throw new DecodeError('SCHEMA', 'the payload has no iss');
    const issuer = trust.smartIssuer(iss);
    if (!issuer) throw new DecodeError('UNKNOWN_KEY', `issuer ${iss} is not in the trust list`);
    const entry = issuer.keys.get(header.kid);
    if (!entry) throw new DecodeError('UNKNOWN_KEY', `issuer ${iss} has no key ${header.kid}`);
    if (signature.length !== 64) throw new DecodeError('SIGNATURE', 'the signature is not the 64-byte r||s form JWS requires');
    const verified = entry.verify(signature, jws.subarray(0, second));
    const ok = typeof verified === 'boolean' ? verified : await verified;
    if (!ok) throw new DecodeError('SIGNATURE', 'the signature does not verify with the issuer key');
    const p = checkShcPayload(payload, now);
    const validity = entry.certificateValidity;
    if (validity && (p.nbf * 1000 < validity.notBefore || p.nbf * 1000 > validity.notAfter)) {
      throw new DecodeError('SIGNER_EXPIRED', `issued ${new Date(p.nbf * 1000).toISOString()}, outside the key's certificate validity`);
    }
    if (revoked(entry.crl, p.vc.rid, p.nbf)) throw new DecodeError('REVOKED', `rid ${p.vc.rid} is on the issuer's revocation list`);
    mark?.('verify');
    const { evidence, identity, notes } = bundleToEvidence(p.vc.credentialSubject.fhirBundle, iss);
    evidence.push({ kind: 'identity', ...identity, source: 'verified' });
    return { ok: true, format: 'shc', evidence, identity, notes, meta: { issuer: iss, kid: header.kid } };
  } catch (err) {
    return failed('shc', err);
  }
}

/** Verifies numeric QR text (one string, or every chunk of a chunked card). Never throws for bad input. */
export function decodeShc(parts: string | readonly string[], trust: TrustStore, now: number, mark?: StageMark): Promise<DecodeResult> {
  let jws: Uint8Array;
  try {
    jws = shcNumericToAscii(typeof parts === 'string' ? [parts] : parts);
  } catch (err) {
    // As an async function would: a refusal resolves, anything else rejects (never a synchronous throw).
    try {
      return Promise.resolve(failed('shc', err));
    } catch (unexpected) {
      return Promise.reject(unexpected as Error);
    }
  }
  // The check's own promise, not one more around it (the extra promise and its turn were a share of each check).
  return decodeShcAscii(jws, trust, now, mark);
}
