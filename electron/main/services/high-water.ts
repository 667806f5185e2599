// The register's high-water mark, kept outside the database: the highest entry id ever issued and the station's clock
// when it was written. Written at start, every minute it changes, at the day's rollover and at shutdown. A register
// whose highest id is below the mark went back (a WAL lost after a crash, an old copy put in place): the station
// stops rather than reuse entry ids or carry on as if nothing was lost.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { PRIVATE_FILE_MODE } from '../../db/connection';

export const HIGH_WATER_FILE_NAME = 'register.high-water.json';

const markSchema = z.strictObject({ highestEntryId: z.number().int().nonnegative(), atMs: z.number().int() });
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

/** Refuses a register whose highest issued id is below the mark. */
export function checkHighWater(dataDir: string, highestEntryId: number): void {
  const mark = readHighWater(dataDir);
  if (mark && highestEntryId < mark.highestEntryId) {
    throw new AppError('REGISTER_WENT_BACK', `the register's highest entry id is ${highestEntryId}; the high-water mark says ${mark.highestEntryId}`);
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
