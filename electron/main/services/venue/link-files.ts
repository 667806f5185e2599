// What a joined station keeps beside its register (owner-only files, like the install key): its own connection URL
// to the venue register (its role and password), encrypted at rest with a key derived from the station's own
// id-hash.key (the file alone, copied, gives no login), and the venue's fingerprint key (venue.key), which replaces
// the station's own key for ID hashes and scan fingerprints so that a person hashes alike at every gate. PIN hashes
// keep the station's own key, under a purpose of their own.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../core/errors';
import { PRIVATE_FILE_MODE } from '../../../db/connection';
import { loadInstallSecret, purposeKey } from '../install-secret';

export const VENUE_FILE_NAME = 'venue.json';
export const VENUE_KEY_FILE_NAME = 'venue.key';

function writePrivate(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, text, { mode: PRIVATE_FILE_MODE });
  renameSync(tmp, path);
}

const credentialKey = (dataDir: string) => purposeKey(loadInstallSecret(dataDir, { mayCreate: false }), 'credential');

export function writeStationUrl(dataDir: string, url: string): void {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', credentialKey(dataDir), iv);
  const sealed = Buffer.concat([cipher.update(url, 'utf8'), cipher.final()]);
  const file = { v: 2, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), sealed: sealed.toString('base64') };
  writePrivate(join(dataDir, VENUE_FILE_NAME), `${JSON.stringify(file, null, 2)}\n`);
}

export function readStationUrl(dataDir: string): string | undefined {
  const path = join(dataDir, VENUE_FILE_NAME);
  if (!existsSync(path)) return undefined;
  let file: { url?: unknown; v?: unknown; iv?: unknown; tag?: unknown; sealed?: unknown };
  try {
    file = JSON.parse(readFileSync(path, 'utf8')) as typeof file;
  } catch {
    file = {};
  }
  // A file from before encryption holds the URL in clear: read (and sealed at the next write).
  if (typeof file.url === 'string' && file.url.length > 0) return file.url;
  if (file.v === 2 && typeof file.iv === 'string' && typeof file.tag === 'string' && typeof file.sealed === 'string') {
    const key = credentialKey(dataDir);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(file.iv, 'base64'));
      decipher.setAuthTag(Buffer.from(file.tag, 'base64'));
      const url = Buffer.concat([decipher.update(Buffer.from(file.sealed, 'base64')), decipher.final()]).toString('utf8');
      if (url.length > 0) return url;
    } catch {
      throw new AppError('VENUE_NOT_JOINED', `${path} cannot be opened with this station's key (id-hash.key replaced, or the file damaged): restore both from one backup, or join again from a new data folder`);
    }
  }
  throw new AppError('VENUE_NOT_JOINED', `${path} is damaged: join the venue again from a new data folder, or restore the file`);
}

export function writeVenueKey(dataDir: string, key: Buffer): void {
  writePrivate(join(dataDir, VENUE_KEY_FILE_NAME), key.toString('hex'));
}

/** The venue's key once joined; undefined before. A damaged file stops the station (hashes would silently differ). */
export function readVenueKey(dataDir: string): Buffer | undefined {
  const path = join(dataDir, VENUE_KEY_FILE_NAME);
  if (!existsSync(path)) return undefined;
  const hex = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new AppError('KEY_DAMAGED', `${path} does not hold a 256-bit hex key`);
  return Buffer.from(hex, 'hex');
}
