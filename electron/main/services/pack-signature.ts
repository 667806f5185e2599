// Signed policy packs: a pack imported after release must be signed by a publisher key the app ships
// (resources/publishers/*.json, JWK sets). The file is a flattened JWS (RFC 7515 §7.2.2) — { protected, payload,
// signature } — with alg ES256 and the publisher's kid in the protected header, and the pack's JSON as the payload, so
// the signed bytes are exactly the bytes checked (no canonical-JSON step to get wrong).
import { createPrivateKey, createPublicKey, sign, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { valueText } from '../../core/text';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { parsePack, type PolicyPack } from '../../core/rules/pack';
import { formatZodError } from '../../core/zod-error';

export const publisherKeySchema = z.looseObject({
  kty: z.literal('EC', { message: 'kty must be EC' }),
  crv: z.literal('P-256', { message: 'crv must be P-256' }),
  alg: z.literal('ES256', { message: 'alg must be ES256' }),
  kid: z.string().min(1).max(100),
  x: z.string().min(1),
  y: z.string().min(1),
  name: z.string().max(100).optional(),
}).refine((k) => !('d' in k), 'a private key must never be shipped or trusted as a publisher key');
export const publisherKeySetSchema = z.object({ keys: z.array(publisherKeySchema).min(1) });
export type PublisherJwk = z.infer<typeof publisherKeySchema>;

export interface Publisher {
  kid: string;
  name: string;
  key: KeyObject;
}

export function publisherOf(jwk: PublisherJwk): Publisher {
  return { kid: jwk.kid, name: jwk.name ?? jwk.kid, key: createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y } as JsonWebKey, format: 'jwk' }) };
}

/** The publisher keys in a folder of JWK-set files. A broken file is an error naming it (the app ships these). */
export function loadPublishers(dir: string): Publisher[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().flatMap((f) => {
    const parsed = publisherKeySetSchema.safeParse(JSON.parse(readFileSync(join(dir, f), 'utf8')));
    if (!parsed.success) throw new AppError('PACK_INVALID', `${join(dir, f)}: ${formatZodError(parsed.error)}`);
    return parsed.data.keys.map(publisherOf);
  });
}

export interface SignedPack {
  pack: PolicyPack;
  publisher: { kid: string; name: string };
}

const b64url = /^[A-Za-z0-9_-]*$/;
const flattenedJws = z.object({ protected: z.string().regex(b64url).min(1), payload: z.string().regex(b64url).min(1), signature: z.string().regex(b64url).min(1) });

/**
 * Opens a signed pack file: checks the signature against the publisher keys, then the pack whole. Throws
 * AppError PACK_UNSIGNED (a bare pack), PACK_SIGNATURE (unknown key, wrong algorithm, changed bytes) or PACK_INVALID.
 */
export function openSignedPack(text: string, publishers: readonly Publisher[]): SignedPack {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new AppError('PACK_INVALID', `not JSON: ${(err as Error).message}`);
  }
  const jws = flattenedJws.safeParse(data);
  if (!jws.success) {
    const looksLikePack = typeof data === 'object' && data !== null && 'venueKinds' in data;
    throw new AppError(looksLikePack ? 'PACK_UNSIGNED' : 'PACK_INVALID', looksLikePack ? 'a bare pack: no signature' : `not a signed pack: ${formatZodError(jws.error)}`);
  }
  let header: { alg?: unknown; kid?: unknown; crit?: unknown };
  try {
    header = JSON.parse(Buffer.from(jws.data.protected, 'base64url').toString('utf8')) as typeof header;
  } catch {
    throw new AppError('PACK_SIGNATURE', 'the protected header is not JSON');
  }
  if (header === null || typeof header !== 'object') throw new AppError('PACK_SIGNATURE', 'the protected header is not a JSON object');
  if (header.alg !== 'ES256') throw new AppError('PACK_SIGNATURE', `alg must be ES256, not ${valueText(header.alg, 40)}`);
  if (header.crit !== undefined) throw new AppError('PACK_SIGNATURE', 'critical header parameters are not supported');
  const publisher = publishers.find((p) => p.kid === header.kid);
  if (!publisher) throw new AppError('PACK_SIGNATURE', `signed with a key that is not a trusted publisher (kid ${valueText(header.kid, 80)})`);
  const signingInput = Buffer.from(`${jws.data.protected}.${jws.data.payload}`, 'ascii');
  const signature = Buffer.from(jws.data.signature, 'base64url');
  if (signature.length !== 64 || !verify('sha256', signingInput, { key: publisher.key, dsaEncoding: 'ieee-p1363' }, signature)) {
    throw new AppError('PACK_SIGNATURE', `the signature does not verify with ${publisher.name}'s key (changed after signing?)`);
  }
  let packData: unknown;
  try {
    packData = JSON.parse(Buffer.from(jws.data.payload, 'base64url').toString('utf8'));
  } catch {
    throw new AppError('PACK_INVALID', 'the signed payload is not JSON');
  }
  return { pack: parsePack(packData), publisher: { kid: publisher.kid, name: publisher.name } };
}

/** Signs a pack's JSON text as a flattened JWS (the publisher's side; `gatecheck pack sign`, and the tests). */
export function signPack(packJson: string, privateJwk: JsonWebKey & { kid: string }): string {
  const protectedHeader = Buffer.from(JSON.stringify({ alg: 'ES256', kid: privateJwk.kid })).toString('base64url');
  const payload = Buffer.from(packJson, 'utf8').toString('base64url');
  const key = createPrivateKey({ key: privateJwk, format: 'jwk' });
  const signature = sign('sha256', Buffer.from(`${protectedHeader}.${payload}`, 'ascii'), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url');
  return `${JSON.stringify({ protected: protectedHeader, payload, signature }, null, 1)}\n`;
}
