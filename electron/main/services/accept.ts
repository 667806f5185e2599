// What an admin accepts after the station stopped or held itself loudly (`gatecheck accept --data-dir D`): a clock
// jump (deletions resume), a register behind its high-water mark (the loss is accepted; the mark follows the
// register), a missing install key (a new one is made). Each acceptance is written to the register's security log.
// Nothing is accepted without the admin PIN; where the key that peppers the PINs is itself gone, no stored PIN can be
// checked, so a new admin PIN is set instead and the operators are added again in Settings.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../db/connection';
import { createEntriesRepo } from '../../db/entries';
import { createSettingsRepo } from '../../db/settings';
import { createSecurityLogRepo } from '../../db/security-log';
import { createPinLockoutsRepo } from '../../db/pin-lockouts';
import { AppError } from '../../core/errors';
import { createPinGuard, hashPin } from './pins';
import { loadInstallSecret, purposeKey, SECRET_FILE_NAME } from './install-secret';
import { bootId, readHighWater, writeHighWater } from './high-water';
import { log } from './station-log';
import { uptime } from 'node:os';

export type Accepted = 'clock-jump' | 'register-behind' | 'new-key';

export interface AcceptRequest {
  adminPin: string;
  /** Needed only when the install key is gone: the admin PIN to set under the new key. */
  newAdminPin?: string | undefined;
  clock?: () => number;
}

/** Accepts whatever holds or stops the station; returns what was accepted (empty: nothing needed it). */
export function acceptStopped(dataDir: string, req: AcceptRequest): { accepted: Accepted[]; notes: string[] } {
  const clock = req.clock ?? Date.now;
  const db = openDatabase(dataDir);
  try {
    const entries = createEntriesRepo(db);
    const settings = createSettingsRepo(db);
    const securityLog = createSecurityLogRepo(db);
    const lockouts = createPinLockoutsRepo(db);
    const accepted: Accepted[] = [];
    const notes: string[] = [];
    const keyPath = join(dataDir, SECRET_FILE_NAME);
    let secret: Buffer;
    if (!existsSync(keyPath)) {
      // The old key is gone, and with it every PIN hash's pepper: the admin sets a new PIN with the new key.
      if (!req.newAdminPin || !/^\d{6,12}$/.test(req.newAdminPin)) {
        throw new AppError('INVALID_INPUT', `${keyPath} is missing: no stored PIN can be checked without it. Give a new admin PIN (6–12 digits) to set with the new key`);
      }
      secret = loadInstallSecret(dataDir, { mayCreate: true });
      settings.put('adminPin', hashPin(req.newAdminPin, purposeKey(secret, 'pin')));
      settings.put('operators', []);
      securityLog.record({ atMs: clock(), event: 'key-replaced', amountMs: 0 });
      accepted.push('new-key');
      notes.push(`a new ${SECRET_FILE_NAME} was made: people checked before it are no longer linked to later visits; the admin PIN is the new one, and operators are added again in Settings`);
    } else {
      secret = loadInstallSecret(dataDir, { mayCreate: false });
      createPinGuard({ settings, lockouts, clock, pepper: purposeKey(secret, 'pin') }).checkAdmin(req.adminPin);
    }
    const highest = entries.highestIssuedId();
    let mark;
    try {
      mark = readHighWater(dataDir);
    } catch {
      mark = { highestEntryId: Number.MAX_SAFE_INTEGER, atMs: clock() }; // a damaged mark: accepted as "behind"
    }
    if (mark && highest < mark.highestEntryId) {
      securityLog.record({ atMs: clock(), event: 'register-behind-accepted', amountMs: Math.min(mark.highestEntryId - highest, 2 ** 31) });
      accepted.push('register-behind');
      notes.push(mark.highestEntryId === Number.MAX_SAFE_INTEGER ? 'the damaged high-water mark was replaced' : `entries ${highest + 1}–${mark.highestEntryId} are accepted as lost`);
    }
    const boot = bootId();
    writeHighWater(dataDir, { highestEntryId: highest, atMs: clock(), monoMs: uptime() * 1000, ...(boot ? { bootId: boot } : {}) });
    const jump = settings.get('clockJump') as { fromMs?: number; toMs?: number } | undefined;
    if (jump !== undefined) {
      settings.remove('clockJump');
      securityLog.record({ atMs: clock(), event: 'clock-confirmed', amountMs: (jump.toMs ?? 0) - (jump.fromMs ?? 0) });
      accepted.push('clock-jump');
      notes.push('the clock is confirmed: purging resumes');
    }
    for (const a of accepted) log.warn('admin.accepted', { what: a });
    return { accepted, notes };
  } finally {
    db.close();
  }
}
