// A roster far past what fits in memory streams in (issue: speed, item 3): read from disk in pieces, checked and
// written a batch at a time. With the main heap capped at 64 MB and the import worker's at 48 MB, 300,000 rows go in,
// every one. The worker holding the rows it has read, as imports did before, runs out of that heap after ~190,000
// (tried: the import is refused as TOO_LARGE).
import { describe, it, expect } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { openDatabase, ROSTER_FILE_NAME, ROSTER_SCHEMA } from '../../../electron/db/connection';
import { createRostersRepo } from '../../../electron/db/rosters';
import { MERGE_ROWS } from '../../../electron/db/roster-import';
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

  it('kill -9 while the worker writes the roster\'s file: it opens clean, holds whole committed batches only, and the same file again adds the rest, nothing twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatecheck-import-kill-'));
    const script = join(ROOT, 'test/fixtures/scripts/import-stream.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', script, dir, '300000', '256', 'worker'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    const exited = once(child, 'exit');
    // Killed once the import's WAL holds some MB (rows going in, a transaction under way or just committed).
    const wal = join(dir, 'data', `${ROSTER_FILE_NAME}-wal`);
    while (!out.includes('"valid"') && !(out.includes('importing') && existsSync(wal) && statSync(wal).size > 8 * 2 ** 20)) await new Promise((r) => setTimeout(r, 10));
    const killedMidway = !out.includes('"valid"');
    child.kill('SIGKILL');
    await exited;
    expect(killedMidway).toBe(true);
    const db = openDatabase(join(dir, 'data'));
    expect(db.pragma(`${ROSTER_SCHEMA}.integrity_check`, { simple: true })).toBe('ok');
    const kept = createRostersRepo(db).counts().people;
    db.close();
    expect(kept % MERGE_ROWS).toBe(0);
    expect(kept).toBeLessThan(300_000);
    const again = spawnSync(process.execPath, ['--import', 'tsx', script, dir, '300000', '256', 'worker'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 20 });
    expect(again.status, again.stderr.slice(-2000)).toBe(0);
    expect(JSON.parse(again.stdout.slice(again.stdout.indexOf('{')))).toMatchObject({ valid: 300_000, added: 300_000 - kept, people: 300_000 });
  }, 300_000);
});
