// The one PIN rule (admin and operators alike), for every schema and prompt that takes a PIN.
import { z } from 'zod';

/** A PIN is 4 to 12 digits. */
export const PIN_PATTERN = /^\d{4,12}$/;

/** A PIN being set (setup, a new operator, a new admin PIN). */
export const pinSchema = z.string().regex(PIN_PATTERN, 'a PIN is 4 to 12 digits');

/** A PIN typed at a prompt: compared with the stored hash, so a mistyped one is a wrong PIN, not a malformed input. */
export const pinEntrySchema = z.string().max(12);
