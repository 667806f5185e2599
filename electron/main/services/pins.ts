// PINs (admin and operators) are stored as scrypt hashes with a per-PIN salt; comparison is constant-time. The rule
// for what a PIN is lives in core/station/pin.ts.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import type { SettingsRepo } from '../../db/settings';

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

/** The one admin-PIN check, for every path that needs the admin: WRONG_PIN unless `pin` is the admin PIN. */
export function checkAdminPin(settings: SettingsRepo, pin: string): void {
  const stored = pinHashSchema.safeParse(settings.get('adminPin'));
  if (!stored.success || !verifyPin(pin, stored.data)) throw new AppError('WRONG_PIN', 'admin PIN');
}
