// Power cuts and full disks: every acknowledged entry survives a kill -9, and a full disk loses nothing committed.
import { describe, it, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../electron/db/connection';
import { createEntriesRepo, type NewEntry } from '../../../electron/db/entries';
import { AppError } from '../../../electron/core/errors';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ROOT } from '../../support/paths';
import { writeAndKill } from '../../support/station';

const KILLS = Number(process.env.GATE_CRASH_KILLS ?? 50);

/** Starts a writer, lets it acknowledge some entries, kills it with SIGKILL mid-stream; returns the acknowledged ids. */
const writeAndKillDb = (dir: string, acksBeforeKill: number) => writeAndKill('test/support/writer.ts', dir, acksBeforeKill);

describe('db/reliability', () => {
  // One test per kill, in order, on one data folder: the time of each stays small however busy the machine is.
  const crashDir = mkdtempSync(join(tmpdir(), 'gatecheck-crash-'));
  const all: number[] = [];
  it.each(Array.from({ length: KILLS }, (_, i) => i + 1))('kill -9 number %i mid-stream: every acknowledged entry is there and the file is intact', async (n) => {
    const acked = await writeAndKillDb(crashDir, 1 + (((n - 1) * 37) % 120));
    all.push(...acked);
    const db = openDatabase(crashDir);
    try {
      expect(db.pragma('integrity_check', { simple: true }), `after kill ${n}`).toBe('ok');
      const repo = createEntriesRepo(db);
      for (const id of acked) expect(repo.get(id), `entry ${id} after kill ${n}`).toBeDefined();
    } finally {
      db.close();
    }
  });

  it(`after ${KILLS} kill -9s, no entry id was ever given twice`, () => {
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBeGreaterThan(KILLS);
  });

  it('a full disk gives DB_FULL, loses nothing committed, and writing resumes when there is room', () => {
    const db = openDatabase(mkdtempSync(join(tmpdir(), 'gatecheck-full-')));
    const repo = createEntriesRepo(db);
    const entry = (n: number): NewEntry => ({
      atMs: n, localDay: '2026-11-20', station: 's', packId: 'p', packVersion: 1, venueKind: 'school', category: 'visitor', outcome: 'admit',
      citations: ['Q11'], evidenceSummary: { kinds: [], sources: [] }, note: 'x'.repeat(2000), format: 'opaque',
    });
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 20}`);
    const written: number[] = [];
    let error: unknown;
    for (let n = 0; n < 10_000 && !error; n++) {
      try {
        written.push(repo.insert(entry(n)));
      } catch (err) {
        error = err;
      }
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('DB_FULL');
    expect(written.length).toBeGreaterThan(5);
    for (const id of written) expect(repo.get(id)).toBeDefined();
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.pragma('max_page_count = 1073741823');
    expect(repo.insert(entry(99_999))).toBeGreaterThan(written.at(-1)!);
    db.close();
  });

  it('a second process on the same data folder is refused with DB_LOCKED_BY_OTHER_PROCESS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatecheck-lock-'));
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/support/writer.ts'), dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
    await new Promise<void>((resolve) => createInterface({ input: child.stdout! }).on('line', (l) => l === 'ready' && resolve()));
    let err: unknown;
    try {
      openDatabase(dir).close();
    } catch (e) {
      err = e;
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect((err as AppError).code).toBe('DB_LOCKED_BY_OTHER_PROCESS');
    openDatabase(dir).close();
  });
});
