// What a joined station keeps beside its register (owner-only files, like the install key): its own connection URL
// to the venue register (its role and password) and the venue's ID-hash key, which replaces the install key for ID
// hashes and scan fingerprints so that a person hashes alike at every gate. (PIN hashes keep the install key.)
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../core/errors';
import { PRIVATE_FILE_MODE } from '../../../db/connection';

export const VENUE_FILE_NAME = 'venue.json';
export const VENUE_KEY_FILE_NAME = 'venue.key';

function writePrivate(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, text, { mode: PRIVATE_FILE_MODE });
  renameSync(tmp, path);
}

export function writeStationUrl(dataDir: string, url: string): void {
  writePrivate(join(dataDir, VENUE_FILE_NAME), `${JSON.stringify({ url }, null, 2)}\n`);
}

export function readStationUrl(dataDir: string): string | undefined {
  const path = join(dataDir, VENUE_FILE_NAME);
  if (!existsSync(path)) return undefined;
  try {
    const url = (JSON.parse(readFileSync(path, 'utf8')) as { url?: unknown }).url;
    if (typeof url === 'string' && url.length > 0) return url;
  } catch {
    // reported below
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
