// The offline trust store: EU DCC signer certificates by kid, and SMART Health Card issuers with their ES256 keys
// and revocation lists. Lists are validated before use (a broken list is refused whole, naming the entry) and
// public keys are imported into WebCrypto once, then cached.
import { z } from 'zod';
import { calculateJwkThumbprint } from 'jose';
import { base64ToBytes, bytesToBase64 } from './bytes';
import { parseSignerCertificate, parseChainCertificate, derToP1363, CURVE_BYTES, type SignerCertificate } from './x509';
import { subtle, type CryptoKeyLike } from '../webcrypto';
import { formatZodError } from '../zod-error';
import { mergeValueSets, valueSetFileSchema, type ValueSet, type ValueSetFile } from './value-sets';

const base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64');

export const euTrustListSchema = z.object({
  date: z.string().optional(),
  // country is a label (shown, never trusted): real lists vary in case and form, so any short string is accepted.
  certificates: z.array(z.object({ kid: base64, country: z.string().max(16).default(''), rawData: base64 })),
});

const ridEntry = z.string().regex(/^[A-Za-z0-9_-]{1,24}(\.\d+)?$/, 'a rid is at most 24 base64url characters, with an optional .timestamp');
export const smartCrlSchema = z.object({ kid: z.string(), method: z.literal('rid'), ctr: z.number().int().nonnegative(), rids: z.array(ridEntry) });

export const smartJwkSchema = z.looseObject({
  kty: z.literal('EC', { message: 'kty must be EC' }),
  crv: z.literal('P-256', { message: 'crv must be P-256' }),
  alg: z.literal('ES256', { message: 'alg must be ES256' }),
  use: z.literal('sig').optional(),
  kid: z.string().min(1),
  x: z.string(),
  y: z.string(),
  crlVersion: z.union([z.number().int(), z.string().regex(/^\d+$/)]).optional(),
  x5c: z.array(z.string()).optional(),
}).refine((k) => !('d' in k), 'a private key must never be in a trust store');

export const smartIssuerListSchema = z.object({
  date: z.string().optional(),
  issuers: z.array(z.object({
    iss: z.url({ protocol: /^https$/, message: 'iss must be an https URL' }).refine((u) => !u.endsWith('/'), 'iss must not end with /'),
    name: z.string().optional(),
    keys: z.array(smartJwkSchema).min(1),
    crls: z.record(z.string(), smartCrlSchema).optional(),
  })),
});

/**
 * EU DCC revocation, offline (as DGCA and CovPass check it): per signer (`kid`), the first 16 bytes of a SHA-256 of the
 * UCI, of the issuing country + UCI, or of the signature (ECDSA: its r half; RSA-PSS: all of it), base64.
 */
export const DCC_REVOCATION_HASH_TYPES = ['UCI', 'COUNTRYCODEUCI', 'SIGNATURE'] as const;
export const euRevocationListSchema = z.object({
  date: z.string().optional(),
  revocations: z.array(z.object({
    kid: base64,
    hashType: z.enum(DCC_REVOCATION_HASH_TYPES),
    hashes: z.array(base64.refine((h) => base64ToBytes(h).length === 16, 'a revocation hash is 16 bytes (the first 128 bits of SHA-256)')),
  })),
});
export type EuRevocationList = z.infer<typeof euRevocationListSchema>;

export type EuTrustList = z.infer<typeof euTrustListSchema>;
export type SmartIssuerList = z.infer<typeof smartIssuerListSchema>;
export type SmartJwk = z.infer<typeof smartJwkSchema>;
export type SmartCrl = z.infer<typeof smartCrlSchema>;

export class TrustListError extends Error {}

export type SignatureAlg = 'ES256' | 'PS256';

/**
 * How signatures are checked. The default is WebCrypto (pure: Node and Chromium); the Node processes plug in
 * node:crypto, which verifies synchronously without WebCrypto's thread-pool round trip (see the benchmark).
 * `prepare` is called once per key and algorithm; its result is cached by the trust store. `verify` may answer at once
 * (node:crypto): the answer then reaches the decoder without a promise in between.
 */
export interface SignatureVerifier {
  prepare(key: { spki: Uint8Array; namedCurve?: string } | { jwk: { x: string; y: string } }, alg: SignatureAlg): Promise<unknown>;
  verify(prepared: unknown, alg: SignatureAlg, signature: Uint8Array, data: Uint8Array): boolean | Promise<boolean>;
}

/** A key prepared once: the first check waits for it, every later one uses it as it is. */
function preparedKey(prepare: () => Promise<unknown>) {
  let pending: Promise<unknown> | undefined;
  let ready: { key: unknown } | undefined;
  return {
    /** Checks with the key: a boolean at once when the key is ready and the verifier answers at once; false for any failure. */
    check(verify: (key: unknown) => boolean | Promise<boolean>): boolean | Promise<boolean> {
      if (ready) {
        try {
          const r = verify(ready.key);
          return typeof r === 'boolean' ? r : r.catch(() => false);
        } catch {
          return false;
        }
      }
      pending ??= prepare().then((key) => {
        ready = { key };
        return key;
      });
      return pending.then(verify).catch(() => false);
    },
  };
}

export const webCryptoVerifier: SignatureVerifier = {
  prepare(key, alg) {
    if ('jwk' in key) return subtle().importKey('jwk', { kty: 'EC', crv: 'P-256', x: key.jwk.x, y: key.jwk.y, ext: true }, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    const algorithm = alg === 'ES256' ? { name: 'ECDSA', namedCurve: key.namedCurve ?? 'P-256' } : { name: 'RSA-PSS', hash: 'SHA-256' };
    return subtle().importKey('spki', key.spki, algorithm, false, ['verify']);
  },
  verify(prepared, alg, signature, data) {
    const params = alg === 'ES256' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSA-PSS', saltLength: 32 };
    return subtle().verify(params, prepared as CryptoKeyLike, signature, data);
  },
};

export interface EuSigner {
  kid: string;
  country: string;
  certificate: SignerCertificate;
  /** True when `signature` over `data` verifies with this signer's key; false for any mismatch or unusable key (at once where it can). */
  verify(alg: SignatureAlg, signature: Uint8Array, data: Uint8Array): boolean | Promise<boolean>;
}

export interface SmartKey {
  jwk: SmartJwk;
  verify(signature: Uint8Array, data: Uint8Array): boolean | Promise<boolean>;
  crl?: SmartCrl;
  /** With an x5c chain: when the leaf certificate binding the key to the issuer is valid (a card must be issued then). */
  certificateValidity?: { notBefore: number; notAfter: number };
}

export interface SmartIssuer {
  iss: string;
  keys: Map<string, SmartKey>;
}

export interface TrustStore {
  euSigners(kid: Uint8Array): EuSigner[];
  /** The EU signers (DSCs) whose certificate has expired by `now`: they can still verify certificates issued before. */
  expiredEuSigners(now: number): { kid: string; country: string; notAfter: number }[];
  smartIssuer(iss: string): SmartIssuer | undefined;
  readonly counts: { euSigners: number; smartIssuers: number };
  /** The newest `date` the lists state, if any (ISO). */
  readonly date: string | undefined;
  /** Whether a revocation list names this certificate: the hash of each type, for the signer that signed it. */
  isDccRevoked(kid: string, hashes: Record<(typeof DCC_REVOCATION_HASH_TYPES)[number], string>): boolean;
  /** Whether any EU revocation list is loaded (no hashing on the scan path otherwise). */
  readonly hasDccRevocations: boolean;
  /** The EU DCC value sets in force, by valueSetId (none loaded: coded fields are not judged). */
  readonly valueSets: ReadonlyMap<string, ValueSet>;
}

/** Parses one trust file's JSON: EU signer list, SMART issuer list, or both in one object. */
export function parseTrustData(data: unknown): TrustData {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new TrustListError('a trust list is a JSON object');
  /** Parses `data` as one kind when its marker key is there; a broken one refuses the whole file. */
  const kind = <T>(marker: string, schema: z.ZodType<T>): T | undefined => {
    if (!(marker in data)) return undefined;
    const r = schema.safeParse(data);
    if (!r.success) throw new TrustListError(formatZodError(r.error));
    return r.data;
  };
  const found = {
    eu: kind('certificates', euTrustListSchema),
    smart: kind('issuers', smartIssuerListSchema),
    euRevocations: kind('revocations', euRevocationListSchema),
    valueSet: kind('valueSetId', valueSetFileSchema),
  };
  const out = Object.fromEntries(Object.entries(found).filter(([, v]) => v !== undefined)) as TrustData;
  if (Object.keys(out).length === 0) {
    throw new TrustListError('none of "certificates" (EU DCC), "issuers" (SMART Health Cards), "revocations" (EU DCC revocation) or "valueSetId" (an EU DCC value set) is present');
  }
  return out;
}

/** One trust file's content: any of the four kinds. */
export interface TrustData {
  eu?: EuTrustList;
  smart?: SmartIssuerList;
  euRevocations?: EuRevocationList;
  valueSet?: ValueSetFile;
}

/**
 * Builds a trust store from parsed lists. Every certificate is parsed and every key checked now (a SMART kid must
 * be its key's RFC 7638 thumbprint); a bad entry refuses the whole store with TrustListError naming it.
 */
export async function createTrustStore(lists: TrustData[], verifier: SignatureVerifier = webCryptoVerifier): Promise<TrustStore> {
  const revoked = new Set<string>();
  for (const list of lists) {
    for (const r of list.euRevocations?.revocations ?? []) {
      const kid = bytesToBase64(base64ToBytes(r.kid));
      for (const h of r.hashes) revoked.add(`${kid} ${r.hashType} ${bytesToBase64(base64ToBytes(h))}`);
    }
  }
  const eu = new Map<string, EuSigner[]>();
  const smart = new Map<string, SmartIssuer>();
  let euCount = 0;
  let date: string | undefined;
  for (const list of lists) {
    for (const d of [list.eu?.date, list.smart?.date, list.euRevocations?.date]) if (d && (!date || d > date)) date = d;
    for (const [i, entry] of (list.eu?.certificates ?? []).entries()) {
      let certificate: SignerCertificate;
      try {
        certificate = parseSignerCertificate(base64ToBytes(entry.rawData));
      } catch (err) {
        throw new TrustListError(`certificates.${i} (kid ${entry.kid}): not a usable signer certificate (${(err as Error).message})`);
      }
      const kid = bytesToBase64(base64ToBytes(entry.kid));
      // One algorithm per key type (ES256 with an EC key, PS256 with an RSA key), so one prepared key.
      const alg: SignatureAlg = certificate.keyType === 'EC' ? 'ES256' : 'PS256';
      const key = preparedKey(() => verifier.prepare({ spki: certificate.spki, ...(certificate.namedCurve ? { namedCurve: certificate.namedCurve } : {}) }, alg));
      const signer: EuSigner = {
        kid,
        country: entry.country,
        certificate,
        verify(claimed, signature, data) {
          // The algorithm must fit the key.
          if (claimed !== alg) return false;
          return key.check((k) => verifier.verify(k, alg, signature, data));
        },
      };
      eu.set(kid, [...(eu.get(kid) ?? []), signer]);
      euCount++;
    }
    for (const [i, issuer] of (list.smart?.issuers ?? []).entries()) {
      const keys: SmartIssuer['keys'] = smart.get(issuer.iss)?.keys ?? new Map();
      for (const [j, jwk] of issuer.keys.entries()) {
        const thumbprint = await calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, 'sha256');
        if (thumbprint !== jwk.kid) throw new TrustListError(`issuers.${i}.keys.${j}: kid is not the key's RFC 7638 thumbprint`);
        let certificateValidity: SmartKey['certificateValidity'];
        if (jwk.x5c) {
          const checked = await x5cProblem(jwk, issuer.iss);
          if (typeof checked === 'string') throw new TrustListError(`issuers.${i}.keys.${j}: x5c ${checked}`);
          certificateValidity = checked;
        }
        const key = preparedKey(() => verifier.prepare({ jwk: { x: jwk.x, y: jwk.y } }, 'ES256'));
        const crl = issuer.crls?.[jwk.kid];
        if (crl) {
          const problem = crlProblem(crl, jwk.crlVersion);
          if (problem) throw new TrustListError(`issuers.${i}.crls.${jwk.kid}: ${problem}`);
        }
        keys.set(jwk.kid, {
          jwk,
          verify: (signature, data) => key.check((k) => verifier.verify(k, 'ES256', signature, data)),
          ...(crl ? { crl } : {}),
          ...(certificateValidity ? { certificateValidity } : {}),
        });
      }
      smart.set(issuer.iss, { iss: issuer.iss, keys });
    }
  }
  return {
    euSigners: (kid) => eu.get(bytesToBase64(kid)) ?? [],
    expiredEuSigners: (now) => [...eu.values()].flat().filter((x) => x.certificate.notAfter < now)
      .map((x) => ({ kid: x.kid, country: x.country, notAfter: x.certificate.notAfter })),
    smartIssuer: (iss) => smart.get(iss),
    counts: { euSigners: euCount, smartIssuers: smart.size },
    date,
    hasDccRevocations: revoked.size > 0,
    valueSets: mergeValueSets(lists.flatMap((l) => (l.valueSet ? [l.valueSet] : []))),
    isDccRevoked: (kid, hashes) => DCC_REVOCATION_HASH_TYPES.some((t) => revoked.has(`${kid} ${t} ${hashes[t]}`)),
  };
}

/**
 * A revocation list's integrity (SMART Health Cards, "Revocation"): its counter is the key's `crlVersion`, and no rid
 * is listed twice. Returns what is wrong, or undefined.
 */
function crlProblem(crl: SmartCrl, crlVersion: number | string | undefined): string | undefined {
  if (crlVersion !== undefined && crl.ctr !== Number(crlVersion)) return `ctr ${crl.ctr} does not match the key's crlVersion ${crlVersion}`;
  const rids = crl.rids.map((r) => r.split('.')[0]!);
  const twice = rids.find((r, i) => rids.indexOf(r) !== i);
  return twice ? `rid ${twice} is listed twice` : undefined;
}

/**
 * Checks an x5c chain offered with a SMART key: the leaf carries this very key and binds it to the issuer (a SAN URI
 * equal to `iss`), and each certificate is signed by the next (ECDSA, as SMART issuers use). Returns what is wrong,
 * or the leaf's validity (a card signed with the key must be issued within it).
 */
async function x5cProblem(jwk: SmartJwk, iss: string): Promise<string | { notBefore: number; notAfter: number }> {
  let chain;
  try {
    chain = jwk.x5c!.map((b64) => parseChainCertificate(base64ToBytes(b64)));
  } catch {
    return 'holds a certificate that cannot be parsed';
  }
  const leafKey = await subtle().importKey('spki', chain[0]!.spki, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']).catch(() => undefined);
  const exported = leafKey ? await subtle().exportKey('jwk', leafKey) : undefined;
  if (!exported || exported.x !== jwk.x || exported.y !== jwk.y) return 'leaf certificate does not carry this key';
  if (!chain[0]!.subjectAltUris.includes(iss)) return `leaf certificate is not bound to ${iss} (no subjectAltName URI equal to iss)`;
  for (let k = 0; k < chain.length; k++) {
    const cert = chain[k]!;
    const issuer = chain[k + 1] ?? cert; // the last one (the root) signs itself
    if (!cert.signatureHash || !issuer.namedCurve) return `certificate ${k} uses an unsupported signature algorithm`;
    try {
      const key = await subtle().importKey('spki', issuer.spki, { name: 'ECDSA', namedCurve: issuer.namedCurve }, false, ['verify']);
      const signature = derToP1363(cert.signature, CURVE_BYTES[issuer.namedCurve]);
      if (!(await subtle().verify({ name: 'ECDSA', hash: cert.signatureHash }, key, signature, cert.tbs))) return `certificate ${k} is not signed by certificate ${k + 1}`;
    } catch {
      return `certificate ${k} cannot be checked`;
    }
  }
  return { notBefore: chain[0]!.notBefore, notAfter: chain[0]!.notAfter };
}
