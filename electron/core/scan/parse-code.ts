// Every string a scanner or camera hands over is classified here first; both input paths go through it.
import { looksLikeId } from '../credentials/cn-id';
import type { CredentialFormat } from '../credentials/types';

/** Roster badge codes the venue prints: `GC1:` and a badge id (see the rosters work). */
export const ROSTER_PREFIX = 'GC1:';

/**
 * Normalises scanner output (trailing CR/LF/Tab, a BOM, surrounding spaces; a scanner set to send lower case gives
 * `hc1:` or `SHC:/`) and says which format it is. Never throws.
 */
export function classifyCode(raw: string): { format: CredentialFormat; text: string } {
  const text = raw.replace(/^\uFEFF/, '').replace(/[\r\n\t]+$/g, '').trim();
  const upper = text.slice(0, 5).toUpperCase();
  if (upper.startsWith('HC1:')) return { format: 'eu-dcc', text: 'HC1:' + text.slice(4) };
  if (upper.startsWith('SHC:/')) return { format: 'shc', text: 'shc:/' + text.slice(5) };
  if (upper.startsWith(ROSTER_PREFIX)) return { format: 'roster', text: ROSTER_PREFIX + text.slice(ROSTER_PREFIX.length) };
  // A SMART Health Link (shlink:/…), alone or behind a viewer URL (https://viewer.example/#shlink:/…).
  const shlink = /(?:^|#)shlink:\//i.exec(text);
  if (shlink && (shlink.index === 0 || /^https:\/\/\S+$/i.test(text))) return { format: 'shlink', text };
  if (looksLikeId(text)) return { format: 'cn-id', text: text.toUpperCase() };
  return { format: 'opaque', text };
}

const BASE45_CHARS = /^[0-9A-Z $%*+\-./:]+$/;

/**
 * Whether a scan is a piece of a certificate rather than a code of its own: Base45 text that starts like an EU DCC
 * (`NCF…`, the zlib header) under a missing or damaged `HC1:` or is the long tail of one, a long run of digits or a damaged `shc:/` (a SMART
 * Health Card's numeric body), i.e. what a scanner sends when a pause cut the burst or the code was half in view.
 * Such a scan is reported as SCAN_INCOMPLETE (scan again), never offered for attestation as an unknown code.
 */
export function isScanFragment(text: string): boolean {
  const t = text.trim();
  if (/^(?:H?C?1?:?)NCF/.test(t) && !t.startsWith('HC1:') && t.length >= 20 && BASE45_CHARS.test(t)) return true;
  // The tail of a DCC cut off by a pause: long Base45 text, with the punctuation Base45 is full of and URLs are not.
  if (t.length >= 60 && BASE45_CHARS.test(t) && (t.match(/[ $%*+./:]/g)?.length ?? 0) >= 3) return true;
  if (/^\d{40,}$/.test(t)) return true;
  if (/^(?:s?h?c?:?\/?)(?:\d+\/\d+\/)?\d{40,}$/i.test(t) && !/^shc:\//i.test(t)) return true;
  return false;
}

/**
 * A body temperature in °C from what a person typed or a thermometer sent like a keyboard ("36.8", "37,2", "37"),
 * or undefined for anything else, a reading outside 34–43 °C included (a misread, not a temperature).
 */
export function readTemperature(text: string): number | undefined {
  const m = /^(\d{2})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!m) return undefined;
  const c = Number(`${m[1]}.${m[2] ?? '0'}`);
  return c >= 34 && c <= 43 ? c : undefined;
}
