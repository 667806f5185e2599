// The daily CSV streams from a cursor into the file: a day of 100,000 entries exports in a process whose JavaScript
// heap is capped at 64 MB (building the file in memory, as the export once did, runs out of heap there).
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../support/paths';

describe('register/export in constant memory', () => {
  it('exports 100,000 entries with a 64 MB heap, every row in the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatecheck-export-stream-'));
    const r = spawnSync(process.execPath, ['--max-old-space-size=64', '--import', 'tsx', join(ROOT, 'test/fixtures/scripts/export-100k.ts'), dir], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 20 });
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    const { path, rows } = JSON.parse(r.stdout) as { path: string; rows: number };
    expect(rows).toBe(100_000);
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(100_001);
    expect(text).not.toContain('患者99999'); // names are masked in a plain export
  }, 180_000);
});
