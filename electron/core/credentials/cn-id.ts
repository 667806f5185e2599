// Chinese resident ID numbers (GB 11643-1999): 17 digits and a check character (ISO 7064 MOD 11-2, "X" for 10).
// The full number is never stored: the register keeps a masked form and a keyed hash.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

/** The check character GB 11643 assigns to 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

export type IdParse =
  | { ok: true; id: string; birthDate: string }
  | { ok: false; reason: 'FORMAT' | 'CHECK_DIGIT' | 'BIRTH_DATE' | 'REGION' };

/**
 * The province-level codes that begin every number (GB/T 2260): the 31 mainland provinces, Taiwan (71), Hong Kong and
 * Macau (81, 82) and the residence permits of their residents (83). Any other start is no real ID number.
 */
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);
/** No one alive at the gate was born before this year. */
const EARLIEST_BIRTH_YEAR = 1900;

/** Looks like an ID number: 17 digits and a digit or X. Anything of this shape is treated as one (and checked). */
export function looksLikeId(text: string): boolean {
  return /^\d{17}[\dXx]$/.test(text);
}

/**
 * Validates an 18-character ID number: shape, region, birth date (a real day, not before 1900, not after `now` when
 * given, epoch ms), check digit. Lower-case x is accepted and upper-cased.
 */
export function parseId(text: string, now?: number): IdParse {
  if (!looksLikeId(text)) return { ok: false, reason: 'FORMAT' };
  const id = text.toUpperCase();
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < EARLIEST_BIRTH_YEAR || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { ok: false, reason: 'BIRTH_DATE' };
  }
  // A birth date after today (UTC+14 at the latest anywhere) is impossible.
  if (now !== undefined && date.getTime() > now + 14 * 3_600_000) return { ok: false, reason: 'BIRTH_DATE' };
  if (!PROVINCES.has(id.slice(0, 2))) return { ok: false, reason: 'REGION' };
  if (idCheckChar(id.slice(0, 17)) !== id[17]) return { ok: false, reason: 'CHECK_DIGIT' };
  return { ok: true, id, birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}` };
}

/** Masks an ID for display and export: the first `keepStart` and last `keepEnd` characters stay (6 and 4 by default). */
export function maskId(id: string, keepStart = 6, keepEnd = 4): string {
  if (id.length <= keepStart + keepEnd) return '*'.repeat(id.length);
  return id.slice(0, keepStart) + '*'.repeat(id.length - keepStart - keepEnd) + id.slice(id.length - keepEnd);
}
