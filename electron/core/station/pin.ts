// The one PIN rule (admin and operators alike), for every schema and prompt that takes a PIN.
import { z } from 'zod';

/** A PIN is 4 to 12 digits. */
export const PIN_PATTERN = /^\d{4,12}$/;

/** The admin PIN guards imports, unmasked exports and the settings: 6 to 12 digits (10^6 tries at least). */
export const ADMIN_PIN_PATTERN = /^\d{6,12}$/;

/** An operator PIN being set (setup, a new operator). */
export const pinSchema = z.string().regex(PIN_PATTERN, 'a PIN is 4 to 12 digits');

/** An admin PIN being set (setup, a new admin PIN). */
export const adminPinSchema = z.string().regex(ADMIN_PIN_PATTERN, 'the admin PIN is 6 to 12 digits');

/** A PIN typed at a prompt: compared with the stored hash, so a mistyped one is a wrong PIN, not a malformed input. */
export const pinEntrySchema = z.string().max(12);
