// The venue admin's key file, made by `venue init` on the admin's machine and never put in the database: the venue's
// signing key (ES256, P-256: what every published file is signed with) and the venue's fingerprint key (what ID
// numbers and scans are fingerprinted with at every gate). Both are sealed with the admin's passphrase (scrypt, then
// AES-256-GCM); the public key is in clear, so a station or the server can be compared with it without the passphrase.
//
// Each station keeps its own key (id-hash.key: its PIN pepper and its own data) and, once joined, the venue's
// fingerprint key (venue.key). Neither travels through the server: a station gets the venue's from this file (on the
// admin's machine) or from a one-time join code (`venue invite`).
import { createCipheriv, createDecipheriv, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, scryptSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../core/errors';

export const ADMIN_KEY_FILE_NAME = 'venue-admin.key';
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** The admin key file's default place: the user's config folder ($XDG_CONFIG_HOME/gatecheck/, else ~/.config/gatecheck/). */
export function defaultAdminKeyPath(env: Record<string, string | undefined>): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(env.HOME || homedir(), '.config');
  return join(base, 'gatecheck', ADMIN_KEY_FILE_NAME);
}

export interface AdminKeys {
  venue: string;
  /** The public signing key as the venue and stations pin it (a canonical JWK text). */
  publicKey: string;
  signingKey: KeyObject;
  /** The venue's fingerprint key (32 bytes): ID numbers and scans at every gate of the venue. */
  fingerprintKey: Buffer;
}

const fileSchema = z.strictObject({
  format: z.literal('gatecheck-venue-admin-key'),
  v: z.literal(1),
  venue: z.string(),
  publicKey: z.string(),
  salt: z.string(),
  iv: z.string(),
  tag: z.string(),
  sealed: z.string(),
});
const sealedSchema = z.strictObject({ d: z.string(), fingerprintKey: z.string().regex(/^[0-9a-f]{64}$/) });

/** A P-256 public key as one canonical text (what is pinned and compared). */
export function publicKeyText(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' }) as JsonWebKey;
  return JSON.stringify({ kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y });
}

export function publicKeyOf(text: string): KeyObject {
  try {
    const jwk = JSON.parse(text) as JsonWebKey;
    if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || 'd' in jwk) throw new Error('not a P-256 public key');
    return createPublicKey({ key: jwk, format: 'jwk' });
  } catch (err) {
    throw new AppError('VENUE_ADMIN_KEY', `not a venue admin public key: ${(err as Error).message}`);
  }
}

/** A short id of a public key (shown to compare, e.g. at join and in `venue status`). */
export function keyId(publicKey: string): string {
  return createHash('sha256').update(publicKey).digest('hex').slice(0, 16);
}

export function newAdminKeys(venue: string): AdminKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { venue, publicKey: publicKeyText(publicKey), signingKey: privateKey, fingerprintKey: randomBytes(32) };
}

export function writeAdminKeyFile(path: string, keys: AdminKeys, passphrase: string): void {
  if (passphrase.length < 8) throw new AppError('VENUE_PASSPHRASE', 'the admin key passphrase must be at least 8 characters');
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = scryptSync(passphrase.normalize('NFC'), salt, 32, SCRYPT);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const d = (keys.signingKey.export({ format: 'jwk' }) as JsonWebKey).d!;
  const sealed = Buffer.concat([cipher.update(JSON.stringify({ d, fingerprintKey: keys.fingerprintKey.toString('hex') }), 'utf8'), cipher.final()]);
  const file = { format: 'gatecheck-venue-admin-key', v: 1, venue: keys.venue, publicKey: keys.publicKey, salt: salt.toString('base64'), iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), sealed: sealed.toString('base64') };
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

/** The public half only (no passphrase needed): which venue and which key the file holds, or undefined if absent. */
export function peekAdminKeyFile(path: string): { venue: string; publicKey: string } | undefined {
  if (!existsSync(path)) return undefined;
  const parsed = fileSchema.safeParse(readJson(path));
  if (!parsed.success) throw new AppError('VENUE_PASSPHRASE', `${path} is not a venue admin key file`);
  return { venue: parsed.data.venue, publicKey: parsed.data.publicKey };
}

export function readAdminKeyFile(path: string, passphrase: string): AdminKeys {
  if (!existsSync(path)) throw new AppError('VENUE_ADMIN_KEY', `no venue admin key file at ${path}: give --admin-key FILE, or a join code (--code)`);
  const parsed = fileSchema.safeParse(readJson(path));
  if (!parsed.success) throw new AppError('VENUE_PASSPHRASE', `${path} is not a venue admin key file`);
  const f = parsed.data;
  let inner: z.infer<typeof sealedSchema>;
  try {
    const key = scryptSync(passphrase.normalize('NFC'), Buffer.from(f.salt, 'base64'), 32, SCRYPT);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(f.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(f.tag, 'base64'));
    const text = Buffer.concat([decipher.update(Buffer.from(f.sealed, 'base64')), decipher.final()]).toString('utf8');
    inner = sealedSchema.parse(JSON.parse(text));
  } catch {
    throw new AppError('VENUE_PASSPHRASE', `${path}: wrong passphrase, or the file is damaged`);
  }
  const pub = JSON.parse(f.publicKey) as JsonWebKey;
  const signingKey = createPrivateKey({ key: { ...pub, d: inner.d }, format: 'jwk' });
  if (publicKeyText(createPublicKey(signingKey)) !== f.publicKey) throw new AppError('VENUE_PASSPHRASE', `${path}: its public and private keys do not match`);
  return { venue: f.venue, publicKey: f.publicKey, signingKey, fingerprintKey: Buffer.from(inner.fingerprintKey, 'hex') };
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}
