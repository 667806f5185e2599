// PINs (admin and operators) are stored as scrypt hashes with a per-PIN salt; comparison is constant-time. The rule
// for what a PIN is lives in core/station/pin.ts.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import type { SettingsRepo } from '../../db/settings';
import type { PinLockoutsRepo, PinSubject } from '../../db/pin-lockouts';
import { initialPinLockout, lockRemaining, pinFailed, pinSucceeded } from '../../core/station/pin-lockout';

const PARAMS = { N: 16384, r: 8, p: 1, keyLength: 32 } as const;

export const pinHashSchema = z.strictObject({ salt: z.string(), hash: z.string(), N: z.number(), r: z.number(), p: z.number() });
export type PinHash = z.infer<typeof pinHashSchema>;

export function hashPin(pin: string): PinHash {
  const salt = randomBytes(16);
  const hash = scryptSync(pin, salt, PARAMS.keyLength, { N: PARAMS.N, r: PARAMS.r, p: PARAMS.p });
  return { salt: salt.toString('base64'), hash: hash.toString('base64'), N: PARAMS.N, r: PARAMS.r, p: PARAMS.p };
}

export function verifyPin(pin: string, stored: PinHash): boolean {
  const expected = Buffer.from(stored.hash, 'base64');
  const got = scryptSync(pin, Buffer.from(stored.salt, 'base64'), expected.length, { N: stored.N, r: stored.r, p: stored.p });
  return timingSafeEqual(got, expected);
}

export interface PinGuard {
  /** The one admin-PIN check, for every path that needs the admin (settings, imports, an unmasked export). */
  checkAdmin(pin: string): void;
  /** An operator's PIN at sign-in. */
  checkOperator(name: string, pin: string, stored: PinHash | undefined): void;
}

/**
 * PIN checks with a lockout per PIN entry (core/station/pin-lockout.ts), persisted in the register so a restart does
 * not reset it: WRONG_PIN for a wrong PIN, PIN_LOCKED (with the seconds left) while locked; a locked entry's PIN is
 * not even compared. Each lockout is logged in the security log and in the process log.
 */
export function createPinGuard(deps: { settings: SettingsRepo; lockouts: PinLockoutsRepo; clock: () => number; log?: (line: string) => void }): PinGuard {
  const log = deps.log ?? ((line: string) => console.error(line));
  function check(subject: PinSubject, pin: string, stored: PinHash | undefined): void {
    const now = deps.clock();
    const state = deps.lockouts.get(subject) ?? initialPinLockout;
    const wait = lockRemaining(state, now);
    if (wait > 0) throw new AppError('PIN_LOCKED', `${subject} locked`, { retryAfterMs: wait });
    if (stored && verifyPin(pin, stored)) {
      if (state.failures > 0) deps.lockouts.put(subject, pinSucceeded());
      return;
    }
    const next = pinFailed(state, now);
    const lockout = next.lockedForMs === undefined ? undefined : { atMs: now, subject, failures: next.state.failures, lockedMs: next.lockedForMs };
    deps.lockouts.put(subject, next.state, lockout);
    if (lockout) {
      log(`[security] ${subject} PIN locked for ${lockout.lockedMs / 1000} s after ${lockout.failures} wrong PINs`);
      throw new AppError('PIN_LOCKED', `${subject} locked`, { retryAfterMs: lockout.lockedMs });
    }
    throw new AppError('WRONG_PIN', `${subject} PIN`);
  }
  return {
    checkAdmin: (pin) => check('admin', pin, pinHashSchema.safeParse(deps.settings.get('adminPin')).data),
    checkOperator: (name, pin, stored) => check(`operator:${name}`, pin, stored),
  };
}
