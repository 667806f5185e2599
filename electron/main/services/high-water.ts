// The register's high-water mark, kept outside the database (a mark inside it would vanish with its WAL): the highest
// entry id ever issued, the station's clock when it was written, and the system's uptime and boot id then. Written
// durably with every entry before the entry is acknowledged, at start, every minute and at shutdown. A register whose
// highest id is below the mark went back (a WAL lost after a crash, an old copy put in place): the station stops
// rather than reuse entry ids or carry on as if nothing was lost. The clock in it is also the latest time the station
// has seen, which a start-up compares its clock with.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { PRIVATE_FILE_MODE } from '../../db/connection';

export const HIGH_WATER_FILE_NAME = 'register.high-water.json';

const markSchema = z.strictObject({
  highestEntryId: z.number().int().nonnegative(),
  atMs: z.number().int(),
  /** The system's uptime (ms) and boot id when written: on the same boot, elapsed time is known exactly. */
  monoMs: z.number().nonnegative().optional(),
  bootId: z.string().max(64).optional(),
});
export type HighWaterMark = z.infer<typeof markSchema>;

/** The mark, or undefined when there is none yet (a new register, or one from before marks were kept). */
export function readHighWater(dataDir: string): HighWaterMark | undefined {
  const path = join(dataDir, HIGH_WATER_FILE_NAME);
  if (!existsSync(path)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    parsed = undefined;
  }
  const mark = markSchema.safeParse(parsed);
  // A garbled mark cannot vouch for anything: treated as the register going back until someone looks.
  if (!mark.success) throw new AppError('REGISTER_WENT_BACK', `${path} is damaged`);
  return mark.data;
}

/** Refuses a register whose highest issued id is below the mark, naming what is missing. */
export function checkHighWater(dataDir: string, highestEntryId: number, mark = readHighWater(dataDir)): void {
  if (mark && highestEntryId < mark.highestEntryId) {
    const missing = highestEntryId + 1 === mark.highestEntryId ? `entry ${mark.highestEntryId} is` : `entries ${highestEntryId + 1}–${mark.highestEntryId} are`;
    throw new AppError('REGISTER_WENT_BACK', `${missing} missing from ${join(dataDir, 'register.sqlite')}: the register ends at ${highestEntryId}, its high-water mark (${HIGH_WATER_FILE_NAME}, written ${new Date(mark.atMs).toISOString()}) says ${mark.highestEntryId}. A lost register.sqlite-wal or an older copy of the register? Restore the whole folder from one backup, or accept the loss: gatecheck accept --data-dir DIR`);
  }
}

/** This boot's id (Linux), to tell a restart of the app from a restart of the machine; undefined elsewhere. */
export function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim().slice(0, 64) || undefined;
  } catch {
    return undefined;
  }
}

/** Writes the mark durably: a temporary file, flushed, renamed over the old one. */
export function writeHighWater(dataDir: string, mark: HighWaterMark): void {
  const path = join(dataDir, HIGH_WATER_FILE_NAME);
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', PRIVATE_FILE_MODE);
  try {
    writeSync(fd, JSON.stringify(mark));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}
