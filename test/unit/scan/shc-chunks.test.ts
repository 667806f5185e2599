import { describe, it, expect } from 'vitest';
import { collectShcChunk, initialShcChunkState, SHC_CHUNK_TTL_MS, type ShcChunkState, type ShcChunkStep } from '../../../electron/core/scan/shc-chunks';

/** Feeds scans (text, at ms) and returns each step. */
function feed(scans: [string, number][]): ShcChunkStep[] {
  let state: ShcChunkState = initialShcChunkState;
  return scans.map(([text, at]) => {
    const r = collectShcChunk(state, text, at);
    state = r.state;
    return r.step;
  });
}

describe('scan/collectShcChunk', () => {
  it.each([
    { name: 'a single-QR card passes straight through', scans: [['shc:/5676290952432060', 0]], last: { parts: ['shc:/5676290952432060'] } },
    { name: 'anything that is not a chunk passes through for the decoder to refuse', scans: [['shc:/1/x/56', 0]], last: { parts: ['shc:/1/x/56'] } },
    { name: 'the first of two parts says how far the card has got', scans: [['shc:/1/2/5676', 0]], last: { scanned: 1, total: 2 } },
    { name: 'two parts in order give both', scans: [['shc:/1/2/5676', 0], ['shc:/2/2/2909', 1000]], last: { parts: ['shc:/1/2/5676', 'shc:/2/2/2909'] } },
    { name: 'parts in any order give every part', scans: [['shc:/3/3/33', 0], ['shc:/1/3/11', 10], ['shc:/2/3/22', 20]], last: { parts: ['shc:/3/3/33', 'shc:/1/3/11', 'shc:/2/3/22'] } },
    { name: 'the same part scanned twice counts once', scans: [['shc:/1/2/5676', 0], ['shc:/1/2/5676', 10]], last: { scanned: 1, total: 2 } },
    { name: 'a part left waiting too long is forgotten', scans: [['shc:/1/2/5676', 0], ['shc:/2/2/2909', SHC_CHUNK_TTL_MS + 1]], last: { scanned: 1, total: 2 } },
  ] as { name: string; scans: [string, number][]; last: ShcChunkStep }[])('$name', ({ scans, last }) => {
    expect(feed(scans).at(-1)).toEqual(last);
  });

  it('cards of different part counts are collected apart, and a finished card leaves nothing behind', () => {
    let state: ShcChunkState = initialShcChunkState;
    for (const [text, at] of [['shc:/1/2/11', 0], ['shc:/1/3/99', 1], ['shc:/2/2/22', 2]] as const) state = collectShcChunk(state, text, at).state;
    expect([...state.pending.keys()]).toEqual([3]);
  });

  it('never changes the state it is given', () => {
    const before = collectShcChunk(initialShcChunkState, 'shc:/1/2/11', 0).state;
    const snapshot = JSON.stringify([...before.pending].map(([k, v]) => [k, [...v.parts]]));
    collectShcChunk(before, 'shc:/2/2/22', 1);
    expect(JSON.stringify([...before.pending].map(([k, v]) => [k, [...v.parts]]))).toBe(snapshot);
  });
});
