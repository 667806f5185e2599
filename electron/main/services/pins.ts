// PINs (admin and operators) are stored as scrypt hashes with a per-PIN salt, over the PIN peppered with a key kept
// outside the database (HMAC with the install key): a copied database alone cannot be cracked offline, as 10^6 tries
// of a 6-digit PIN would be. Comparison is constant-time. The rule for what a PIN is lives in core/station/pin.ts.
import { createHmac, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import type { SettingsRepo } from '../../db/settings';
import type { PinLockoutsRepo, PinSubject } from '../../db/pin-lockouts';
import { initialPinLockout, lockRemaining, pinFailed, pinSucceeded } from '../../core/station/pin-lockout';
import { log as stationLog } from './station-log';

const PARAMS = { N: 16384, r: 8, p: 1, keyLength: 32 } as const;

/** `peppered`: hashed over HMAC(pepper, PIN). Hashes from before the pepper lack it; they are re-made at the next right PIN. */
export const pinHashSchema = z.strictObject({ salt: z.string(), hash: z.string(), N: z.number(), r: z.number(), p: z.number(), peppered: z.literal(true).optional() });
export type PinHash = z.infer<typeof pinHashSchema>;

const withPepper = (pin: string, pepper: Buffer | undefined) => (pepper ? createHmac('sha256', pepper).update(pin).digest() : pin);

/** A new hash of `pin`; with a pepper (the app always gives one) it cannot be checked without the station's key. */
export function hashPin(pin: string, pepper?: Buffer): PinHash {
  const salt = randomBytes(16);
  const hash = scryptSync(withPepper(pin, pepper), salt, PARAMS.keyLength, { N: PARAMS.N, r: PARAMS.r, p: PARAMS.p });
  return { salt: salt.toString('base64'), hash: hash.toString('base64'), N: PARAMS.N, r: PARAMS.r, p: PARAMS.p, ...(pepper ? { peppered: true as const } : {}) };
}

export function verifyPin(pin: string, stored: PinHash, pepper?: Buffer): boolean {
  if (stored.peppered && !pepper) return false;
  const expected = Buffer.from(stored.hash, 'base64');
  const got = scryptSync(withPepper(pin, stored.peppered ? pepper : undefined), Buffer.from(stored.salt, 'base64'), expected.length, { N: stored.N, r: stored.r, p: stored.p });
  return timingSafeEqual(got, expected);
}

export interface PinGuard {
  /** The one admin-PIN check, for every path that needs the admin (settings, imports, an unmasked export). */
  checkAdmin(pin: string): void;
  /** An operator's PIN at sign-in; returns a re-made (peppered) hash when the stored one is from before the pepper. */
  checkOperator(name: string, pin: string, stored: PinHash | undefined): PinHash | undefined;
  /** A new hash of a PIN being set, peppered. */
  hash(pin: string): PinHash;
  /** Whether `pin` is the admin PIN (no lockout counting: for refusing an operator PIN equal to it). */
  isAdminPin(pin: string): boolean;
}

/**
 * PIN checks with a lockout per PIN entry (core/station/pin-lockout.ts), persisted in the register so a restart does
 * not reset it: WRONG_PIN for a wrong PIN, PIN_LOCKED (with the seconds left) while locked; a locked entry's PIN is
 * not even compared. Each lockout is logged in the security log and in the process log.
 */
export function createPinGuard(deps: { settings: SettingsRepo; lockouts: PinLockoutsRepo; clock: () => number; pepper: Buffer; log?: (line: string) => void }): PinGuard {
  const log = deps.log ?? ((line: string) => stationLog.warn('pin.locked', { detail: line }));
  /** Checks a PIN with its lockout; a right PIN under an old, unpeppered hash gives the new hash to store. */
  function check(subject: PinSubject, pin: string, stored: PinHash | undefined): PinHash | undefined {
    const now = deps.clock();
    const state = deps.lockouts.get(subject) ?? initialPinLockout;
    const wait = lockRemaining(state, now);
    // The log says whose kind of PIN, never the operator's name (the log holds no personal data).
    const who = subject === 'admin' ? 'admin' : 'an operator';
    if (wait > 0) throw new AppError('PIN_LOCKED', `${who} locked`, { retryAfterMs: wait });
    if (stored && verifyPin(pin, stored, deps.pepper)) {
      if (state.failures > 0) deps.lockouts.put(subject, pinSucceeded());
      return stored.peppered ? undefined : hashPin(pin, deps.pepper);
    }
    const next = pinFailed(state, now);
    const lockout = next.lockedForMs === undefined ? undefined : { atMs: now, subject, failures: next.state.failures, lockedMs: next.lockedForMs };
    deps.lockouts.put(subject, next.state, lockout);
    if (lockout) {
      log(`[security] ${who} PIN locked for ${lockout.lockedMs / 1000} s after ${lockout.failures} wrong PINs`);
      throw new AppError('PIN_LOCKED', `${who} locked`, { retryAfterMs: lockout.lockedMs });
    }
    throw new AppError('WRONG_PIN', `${who} PIN`);
  }
  const adminHash = () => pinHashSchema.safeParse(deps.settings.get('adminPin')).data;
  return {
    checkAdmin: (pin) => {
      const rehashed = check('admin', pin, adminHash());
      if (rehashed) deps.settings.put('adminPin', rehashed);
    },
    checkOperator: (name, pin, stored) => check(`operator:${name}`, pin, stored),
    hash: (pin) => hashPin(pin, deps.pepper),
    isAdminPin: (pin) => {
      const stored = adminHash();
      return stored !== undefined && verifyPin(pin, stored, deps.pepper);
    },
  };
}
