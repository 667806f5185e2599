// What the venue admin signs, and the one-time join codes.
//
// A published file travels with a statement signed with the admin's key (a compact JWS, ES256, like the signed
// packs): which venue, which kind and name, the SHA-256 of the exact bytes, and when it was issued. A station applies a
// file only when the statement verifies under the key it pinned when it joined, names its venue, kind and name,
// matches the bytes, and is newer than what it has of that file (no rollback). A rotation is a statement of kind
// admin-key, signed by the old key, naming the new one.
//
// A join code carries, out of band, what the server must never hold: the venue's fingerprint key, with a digest of the
// admin's public key (checked against the key the venue gives) and the invite's id and expiry (the server holds only
// those, and uses the invite up when the station joins).
import { createHash, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../../core/errors';
import { publicKeyOf } from './admin-key';

export const STATEMENT_KINDS = ['roster', 'results', 'pack', 'trust', 'settings', 'admin-key'] as const;

export const statementSchema = z.strictObject({
  venue: z.string(),
  kind: z.enum(STATEMENT_KINDS),
  name: z.string().max(200),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  issuedMs: z.number().int().positive(),
  /** For kind admin-key: the new public key. */
  newKey: z.string().optional(),
});
export type Statement = z.infer<typeof statementSchema>;

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');
const HEADER = b64url(JSON.stringify({ alg: 'ES256', typ: 'gatecheck-venue+jws' }));

export function signStatement(signingKey: KeyObject, s: Statement): string {
  const payload = b64url(JSON.stringify(statementSchema.parse(s)));
  const signature = sign('sha256', Buffer.from(`${HEADER}.${payload}`), { key: signingKey, dsaEncoding: 'ieee-p1363' });
  return `${HEADER}.${payload}.${b64url(signature)}`;
}

/** The statement, if `jws` verifies under `publicKey` (the pinned key's text); VENUE_SIGNATURE otherwise. */
export function verifyStatement(jws: string | null, publicKey: string): Statement {
  if (!jws) throw new AppError('VENUE_SIGNATURE', 'unsigned: the server published it without the admin\'s signature');
  const parts = jws.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER || jws.length > 8192) throw new AppError('VENUE_SIGNATURE', 'not a venue statement');
  // One spelling of each signature: base64url's spare bits in the last character must be zero (no second form of it).
  if (Buffer.from(parts[2]!, 'base64url').toString('base64url') !== parts[2]) throw new AppError('VENUE_SIGNATURE', 'the signature is not in its one encoding');
  const ok = verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), { key: publicKeyOf(publicKey), dsaEncoding: 'ieee-p1363' }, Buffer.from(parts[2]!, 'base64url'));
  if (!ok) throw new AppError('VENUE_SIGNATURE', 'the signature does not verify under the venue admin key this station pinned');
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  } catch {
    throw new AppError('VENUE_SIGNATURE', 'the signed statement is not JSON');
  }
  const parsed = statementSchema.safeParse(json);
  if (!parsed.success) throw new AppError('VENUE_SIGNATURE', 'the signed statement is not in the expected form');
  return parsed.data;
}

// --- join codes --------------------------------------------------------------------------------------------------

/** Base32 (RFC 4648 alphabet, no padding): what survives being read out, typed and put in a QR code. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const CODE_VERSION = 1;
export const INVITE_MAX_HOURS = 24;

export interface JoinCode {
  inviteId: string;
  expiresMs: number;
  fingerprintKey: Buffer;
  /** The first 16 bytes of SHA-256 of the admin's public key text. */
  adminKeyDigest: Buffer;
}

export const adminKeyDigest = (publicKey: string) => createHash('sha256').update(publicKey).digest().subarray(0, 16);

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function unbase32(text: string): Buffer | undefined {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text) {
    const i = ALPHABET.indexOf(ch);
    if (i < 0) return undefined;
    value = ((value << 5) | i) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  // The last character's spare bits are zero in a code as printed: anything else is a typing error.
  if (bits >= 5 || (value & ((1 << bits) - 1)) !== 0) return undefined;
  return Buffer.from(out);
}

export function newInviteId(): string {
  return randomBytes(8).toString('hex');
}

/** The code as printed: GC1-, then base32 in groups of five. */
export function encodeJoinCode(c: JoinCode): string {
  const body = Buffer.alloc(1 + 8 + 6 + 32 + 16);
  body.writeUInt8(CODE_VERSION, 0);
  Buffer.from(c.inviteId, 'hex').copy(body, 1);
  body.writeUIntBE(Math.floor(c.expiresMs / 1000), 9, 6);
  c.fingerprintKey.copy(body, 15);
  c.adminKeyDigest.copy(body, 47);
  const check = createHash('sha256').update(body).digest().subarray(0, 4);
  const text = base32(Buffer.concat([body, check]));
  return `GC1-${text.match(/.{1,5}/g)!.join('-')}`;
}

/** A code as typed or scanned (any case, spaces and dashes ignored); INVALID_INPUT when it is not one. */
export function decodeJoinCode(typed: string): JoinCode {
  const text = typed.toUpperCase().replace(/[\s-]/g, '').replace(/^GC1/, '');
  const bytes = unbase32(text);
  if (!bytes || bytes.length !== 67) throw new AppError('VENUE_INVITE', 'this is not a GateCheck join code (GC1-…)');
  const body = bytes.subarray(0, 63);
  if (!createHash('sha256').update(body).digest().subarray(0, 4).equals(bytes.subarray(63))) throw new AppError('VENUE_INVITE', 'the join code has a typing error (its check digits do not match)');
  if (body.readUInt8(0) !== CODE_VERSION) throw new AppError('VENUE_INVITE', 'a join code of another version');
  return {
    inviteId: body.subarray(1, 9).toString('hex'), expiresMs: body.readUIntBE(9, 6) * 1000,
    fingerprintKey: Buffer.from(body.subarray(15, 47)), adminKeyDigest: Buffer.from(body.subarray(47, 63)),
  };
}
