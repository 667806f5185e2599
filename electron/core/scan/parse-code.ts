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
  if (looksLikeId(text)) return { format: 'cn-id', text: text.toUpperCase() };
  return { format: 'opaque', text };
}
