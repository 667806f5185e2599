// The register's high-water mark on disk (two slots written in turn, in place): a write torn by a power cut, a
// tampered slot, a file from before slots, and `accept` writing a lower mark all read back as they must.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, openSync, readFileSync, statSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkHighWater, HIGH_WATER_FILE_NAME, highWaterWriter, readHighWater, writeHighWater } from '../../../electron/main/services/high-water';

const mark = (highestEntryId: number) => ({ highestEntryId, atMs: 1_764_000_000_000 + highestEntryId, monoMs: 1000 + highestEntryId, bootId: 'c0ffee00-1111-2222-3333-444455556666' });
const dir = () => mkdtempSync(join(tmpdir(), 'gc-high-water-'));
/** Overwrites bytes of the file in place, as a torn write or a hand would. */
function spoil(path: string, at: number, bytes: string): void {
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.from(bytes, 'latin1'), 0, bytes.length, at);
  closeSync(fd);
}

describe('high-water mark', () => {
  it('the newest of the two slots counts, written in place (one file, owner-only)', () => {
    const d = dir();
    const w = highWaterWriter(d);
    for (let i = 1; i <= 7; i++) w.write(mark(i));
    expect(readHighWater(d)).toEqual(mark(7));
    const path = join(d, HIGH_WATER_FILE_NAME);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const ino = statSync(path).ino;
    w.write(mark(8));
    expect(statSync(path).ino).toBe(ino); // no new file per entry
    w.close();
    expect(readHighWater(d)).toEqual(mark(8));
  });

  it('a write torn by a power cut spoils its slot only: the mark before it is read, and the register still opens', () => {
    const d = dir();
    const w = highWaterWriter(d);
    for (let i = 1; i <= 4; i++) w.write(mark(i));
    w.close();
    const path = join(d, HIGH_WATER_FILE_NAME);
    // The 4th went into one slot; tear it halfway (the rest of the sector as it was, or zeros).
    const bytes = readFileSync(path);
    const newest = bytes.subarray(0, 256).toString('latin1').includes('"highestEntryId":4') ? 0 : 4096;
    spoil(path, newest + 40, '\0'.repeat(100));
    expect(readHighWater(d)).toEqual(mark(3));
    // The register holds entry 4 (committed before its mark): at or above the mark, nothing is missing.
    expect(() => checkHighWater(d, 4)).not.toThrow();
    // The next write goes on from there.
    const again = highWaterWriter(d);
    again.write(mark(5));
    again.close();
    expect(readHighWater(d)).toEqual(mark(5));
  });

  it('a slot changed by hand (its check no longer matches) is no mark; both spoiled is a damaged file', () => {
    const d = dir();
    const w = highWaterWriter(d);
    w.write(mark(10));
    w.write(mark(11));
    w.close();
    const path = join(d, HIGH_WATER_FILE_NAME);
    const text = readFileSync(path, 'latin1');
    const at = text.indexOf('"highestEntryId":11');
    spoil(path, at, '"highestEntryId":99');
    expect(readHighWater(d)).toEqual(mark(10));
    spoil(path, text.indexOf('"highestEntryId":10'), '"highestEntryId":98');
    expect(() => readHighWater(d)).toThrow(expect.objectContaining({ code: 'REGISTER_WENT_BACK' }));
  });

  it('a mark file from before slots is read, then replaced by the slotted one at the first write', () => {
    const d = dir();
    const path = join(d, HIGH_WATER_FILE_NAME);
    writeFileSync(path, JSON.stringify(mark(41)), { mode: 0o600 });
    expect(readHighWater(d)).toEqual(mark(41));
    const w = highWaterWriter(d);
    w.write(mark(42));
    w.close();
    expect(statSync(path).size).toBe(4096 + 256);
    expect(readHighWater(d)).toEqual(mark(42));
    writeFileSync(path, '{"highestEntryId": 4');
    expect(() => readHighWater(d)).toThrow(expect.objectContaining({ code: 'REGISTER_WENT_BACK' }));
  });

  it("accept's lower mark wins over both slots, and a running writer carries on in the new file", () => {
    const d = dir();
    const w = highWaterWriter(d);
    for (let i = 1; i <= 20; i++) w.write(mark(i));
    writeHighWater(d, mark(12)); // the admin accepted losing 13–20
    expect(readHighWater(d)).toEqual(mark(12));
    expect(() => checkHighWater(d, 12)).not.toThrow();
    w.write(mark(13)); // the old file is gone: the writer opens the new one
    w.close();
    expect(readHighWater(d)).toEqual(mark(13));
  });
});
