// The per-install key of every stored digest of personal data (HMAC-SHA256): the ID hash, the scan fingerprint and
// the PIN pepper. It is kept beside, not inside, the database file, so a copied register alone cannot be matched
// against a list of ID numbers or birth dates, nor its PIN hashes cracked offline.
import { randomBytes, createHash, createHmac } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../core/errors';

export const SECRET_FILE_NAME = 'id-hash.key';

export interface LoadSecretOptions {
  /**
   * Whether a missing key may be made now: only while the register holds no entries and no roster (a new key would
   * silently unlink everything hashed with the old one). Otherwise a missing key is KEY_MISSING.
   */
  mayCreate: boolean;
}

export function loadInstallSecret(dataDir: string, options: LoadSecretOptions = { mayCreate: true }): Buffer {
  const path = join(dataDir, SECRET_FILE_NAME);
  if (!existsSync(path)) {
    if (!options.mayCreate) throw new AppError('KEY_MISSING', `${path} is missing while the register holds data keyed with it (entries, a roster, PINs or a venue link): restore it from a backup, or make a new one on the admin's word: gatecheck accept --data-dir DIR`);
    try {
      writeFileSync(path, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  chmodSync(path, 0o600);
  const hex = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new AppError('KEY_DAMAGED', `${path} does not hold a 256-bit hex key`);
  return Buffer.from(hex, 'hex');
}

/** The key for one use of the install secret, so no two uses share a digest (the ID hash keeps the secret itself). */
export function purposeKey(secret: Buffer, purpose: 'id' | 'scan' | 'pin' | 'credential'): Buffer {
  return purpose === 'id' ? secret : createHmac('sha256', secret).update(`gatecheck:${purpose}`).digest();
}

/** A digest keyed with the install secret for one purpose. */
export function keyedDigest(secret: Buffer, purpose: 'id' | 'scan' | 'pin'): (text: string) => string {
  const key = purposeKey(secret, purpose);
  return (text) => createHmac('sha256', key).update(text).digest('hex');
}

export function idHasher(secret: Buffer): (id: string) => string {
  const digest = keyedDigest(secret, 'id');
  return (id) => digest(id.toUpperCase());
}

/**
 * The fingerprint of a scanned text: HMAC over its SHA-256. The same function re-keys the unkeyed SHA-256 digests of
 * older registers (migration 0050), so a code scanned before and after the upgrade has one fingerprint.
 */
export function scanFingerprinter(secret: Buffer): { ofText: (text: string) => string; ofSha256: (hex: string) => string } {
  const digest = keyedDigest(secret, 'scan');
  return { ofText: (text) => digest(createHash('sha256').update(text).digest('hex')), ofSha256: digest };
}
