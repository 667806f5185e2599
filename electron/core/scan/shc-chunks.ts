// The parts of chunked SMART Health Cards (`shc:/i/n/…`) scanned so far, collected across scans. A pure reducer in
// the form of the keyboard wedge: the station keeps the state, feeds each scan with its time, and gets either every
// part of a card (in any order they were scanned) or how far the card has got. Parts left waiting are forgotten after
// a while, so a half-scanned card from one entrant never completes another's.
import { shcChunkOf } from '../credentials/shc';

/** Parts of unfinished cards, by part count (a card's parts all carry the same count). */
export interface ShcChunkState {
  pending: ReadonlyMap<number, { parts: ReadonlyMap<number, string>; at: number }>;
}

export const initialShcChunkState: ShcChunkState = { pending: new Map() };

/** How long the parts of an unfinished card wait for the rest: two minutes, time to find the other codes on paper. */
export const SHC_CHUNK_TTL_MS = 120_000;

export type ShcChunkStep = { parts: string[] } | { scanned: number; total: number };

/**
 * One scan of a SMART Health Card. Text that is not a chunk (a single-QR card, or anything malformed) passes through
 * as the only part, for the decoder to accept or refuse. `now` is epoch milliseconds.
 */
export function collectShcChunk(state: ShcChunkState, text: string, now: number): { state: ShcChunkState; step: ShcChunkStep } {
  const chunk = shcChunkOf(text);
  if (!chunk) return { state, step: { parts: [text] } };
  const pending = new Map([...state.pending].filter(([, v]) => now - v.at <= SHC_CHUNK_TTL_MS));
  const parts = new Map(pending.get(chunk.count)?.parts ?? []);
  parts.set(chunk.index, text);
  if (parts.size < chunk.count) {
    pending.set(chunk.count, { parts, at: now });
    return { state: { pending }, step: { scanned: parts.size, total: chunk.count } };
  }
  pending.delete(chunk.count);
  return { state: { pending }, step: { parts: [...parts.values()] } };
}
