// A roster far past what fits in memory streams in (issue: speed, item 3): read from disk in pieces, checked and
// written a batch at a time. With the main heap capped at 64 MB and the import worker's at 48 MB, 300,000 rows go in,
// every one. The worker holding the rows it has read, as imports did before, runs out of that heap after ~190,000
// (tried: the import is refused as TOO_LARGE).
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../support/paths';

describe('imports/streaming', () => {
  it('imports a 300,000-row roster from its path with a 64 MB heap and a 48 MB worker heap, every row written once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatecheck-import-stream-'));
    const r = spawnSync(process.execPath, ['--max-old-space-size=64', '--import', 'tsx', join(ROOT, 'test/fixtures/scripts/import-stream.ts'), dir, '300000', '48'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 20 });
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: 300_000, added: 300_000, errorRows: 0, people: 300_000 });
  }, 300_000);
});
