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
  | { ok: false; reason: 'FORMAT' | 'CHECK_DIGIT' | 'BIRTH_DATE' };

/** Looks like an ID number: 17 digits and a digit or X. Anything of this shape is treated as one (and checked). */
export function looksLikeId(text: string): boolean {
  return /^\d{17}[\dXx]$/.test(text);
}

/** Validates an 18-character ID number: shape, birth date, check digit. Lower-case x is accepted and upper-cased. */
export function parseId(text: string): IdParse {
  if (!looksLikeId(text)) return { ok: false, reason: 'FORMAT' };
  const id = text.toUpperCase();
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1800 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { ok: false, reason: 'BIRTH_DATE' };
  }
  if (idCheckChar(id.slice(0, 17)) !== id[17]) return { ok: false, reason: 'CHECK_DIGIT' };
  return { ok: true, id, birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}` };
}

/** Masks an ID for display and export: the first `keepStart` and last `keepEnd` characters stay (6 and 4 by default). */
export function maskId(id: string, keepStart = 6, keepEnd = 4): string {
  if (id.length <= keepStart + keepEnd) return '*'.repeat(id.length);
  return id.slice(0, keepStart) + '*'.repeat(id.length - keepStart - keepEnd) + id.slice(id.length - keepEnd);
}
