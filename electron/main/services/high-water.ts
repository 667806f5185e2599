// The register's high-water mark, kept outside the database (a mark inside it would vanish with its WAL): the highest
// entry id ever issued, the station's clock when it was written, and the system's uptime and boot id then. Written
// durably with every entry before the entry is acknowledged, at start, every minute and at shutdown. A register whose
// highest id is below the mark went back (a WAL lost after a crash, an old copy put in place): the station stops
// rather than reuse entry ids or carry on as if nothing was lost. The clock in it is also the latest time the station
// has seen, which a start-up compares its clock with.
//
// The file holds two slots, 4 KiB apart (separate pages and sectors), each a mark with a sequence number and a check of
// its own; a running station writes them in turn, in place, and flushes the data alone (no new file, no rename, no
// journal commit per entry: a third of the scan's slowest writes went there). A write torn by a power cut spoils one
// slot; the other still holds the mark before it. The newest valid slot counts. A file of one JSON mark (before
// slots) is read as it is.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fdatasyncSync, fstatSync, fsyncSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
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

const SLOT_STRIDE = 4096;
const SLOT_BYTES = 256;
const checkOf = (json: string) => createHash('sha256').update(json).digest('hex').slice(0, 16);

/** One slot's bytes: the mark with its sequence number, its check, spaces to the slot's end. */
function slotBytes(mark: HighWaterMark, seq: number): Buffer {
  const json = JSON.stringify({ ...mark, seq });
  const line = `${json} ${checkOf(json)}`;
  if (line.length >= SLOT_BYTES) throw new Error('high-water mark too long for its slot');
  return Buffer.from(line.padEnd(SLOT_BYTES - 1, ' ') + '\n', 'ascii');
}

/** The slot's mark and sequence number, or undefined when it is torn, blank or tampered with. */
function readSlot(bytes: Buffer): { mark: HighWaterMark; seq: number } | undefined {
  const m = /^(\{.*\}) ([0-9a-f]{16}) *\n?$/.exec(bytes.toString('latin1').replace(/\0+$/, ''));
  if (!m || checkOf(m[1]!) !== m[2]) return undefined;
  try {
    const { seq, ...rest } = JSON.parse(m[1]!) as { seq?: unknown };
    const mark = markSchema.safeParse(rest);
    return mark.success && Number.isSafeInteger(seq) ? { mark: mark.data, seq: seq as number } : undefined;
  } catch {
    return undefined;
  }
}

/** The newest valid mark in the file and its sequence number (a one-mark file from before slots: sequence 0). */
function readMarkFile(path: string): { mark: HighWaterMark; seq: number } {
  const bytes = readFileSync(path);
  if (bytes.length === SLOT_STRIDE + SLOT_BYTES) {
    const slots = [readSlot(bytes.subarray(0, SLOT_BYTES)), readSlot(bytes.subarray(SLOT_STRIDE))].filter((x) => x !== undefined);
    // Both slots spoiled cannot happen by one torn write: the file was tampered with or the disk failed.
    if (slots.length === 0) throw new AppError('REGISTER_WENT_BACK', `${path} is damaged`);
    return slots.reduce((a, b) => (b.seq > a.seq ? b : a));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const mark = markSchema.safeParse(parsed);
  // A garbled mark cannot vouch for anything: treated as the register going back until someone looks.
  if (!mark.success) throw new AppError('REGISTER_WENT_BACK', `${path} is damaged`);
  return { mark: mark.data, seq: 0 };
}

/** The mark, or undefined when there is none yet (a new register, or one from before marks were kept). */
export function readHighWater(dataDir: string): HighWaterMark | undefined {
  const path = join(dataDir, HIGH_WATER_FILE_NAME);
  return existsSync(path) ? readMarkFile(path).mark : undefined;
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

/** A new mark file with this mark in both slots: a temporary file, flushed, renamed over the old one. */
function replaceMarkFile(path: string, mark: HighWaterMark, seq: number): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', PRIVATE_FILE_MODE);
  try {
    const file = Buffer.alloc(SLOT_STRIDE + SLOT_BYTES, 0);
    const slot = slotBytes(mark, seq);
    slot.copy(file, 0);
    slot.copy(file, SLOT_STRIDE);
    writeSync(fd, file);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** Writes the mark durably, once (the CLI's `accept`; tests): a new file, so it counts whatever was there before. */
export function writeHighWater(dataDir: string, mark: HighWaterMark): void {
  const path = join(dataDir, HIGH_WATER_FILE_NAME);
  let seq = 0;
  try {
    seq = existsSync(path) ? readMarkFile(path).seq : 0;
  } catch {
    seq = 0; // a damaged file is replaced whole
  }
  replaceMarkFile(path, mark, seq + 1);
}

export interface HighWaterWriter {
  write(mark: HighWaterMark): void;
  close(): void;
}

/**
 * The running station's writer: the file kept open, each mark written in place into the slot not holding the newest,
 * then its data flushed (fdatasync). A file replaced meanwhile (`accept`) is opened again.
 */
export function highWaterWriter(dataDir: string): HighWaterWriter {
  const path = join(dataDir, HIGH_WATER_FILE_NAME);
  let fd: number | undefined;
  let seq = 0;
  const open = (mark: HighWaterMark) => {
    let current: { seq: number } | undefined;
    try {
      current = existsSync(path) ? readMarkFile(path) : undefined;
    } catch {
      current = undefined;
    }
    const slotted = current !== undefined && statSync(path).size === SLOT_STRIDE + SLOT_BYTES;
    seq = current?.seq ?? 0;
    // A one-mark file from before slots, a missing or a damaged one: made anew, whole, then written in place.
    if (!slotted) replaceMarkFile(path, mark, ++seq);
    fd = openSync(path, 'r+');
  };
  const close = () => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
  };
  return {
    write(mark) {
      if (fd !== undefined && fstatSync(fd).nlink === 0) close();
      if (fd === undefined) open(mark);
      seq++;
      writeSync(fd!, slotBytes(mark, seq), 0, SLOT_BYTES, (seq % 2) * SLOT_STRIDE);
      fdatasyncSync(fd!);
    },
    close,
  };
}

