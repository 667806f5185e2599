// A start-up that cannot open the register, driven through the recording `electron` stand-in: staff get an error
// box in plain words, the log gets the cause, and the app exits with 1 instead of opening a window.
import type { ElectronStandIn } from '../../support/electron-stand-in';
import { describe, it, expect, vi, afterAll } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../electron/db/connection';
import { USER_MESSAGES } from '../../../electron/core/errors';

const h = vi.hoisted(() => ({ standIn: undefined as unknown as ElectronStandIn }));
vi.mock('electron', async () => (await import('../../support/electron-stand-in')).mockElectronModule((s) => (h.standIn = s)));

const dataDir = mkdtempSync(join(tmpdir(), 'gatecheck-main-fail-'));
// Another process holds the register (exclusive locking), as a second GateCheck would.
const holder = openDatabase(dataDir);

afterAll(() => {
  holder.close();
  delete process.env.GATE_DATA_DIR;
  rmSync(dataDir, { recursive: true, force: true });
});

describe('main/index when the register cannot be opened', () => {
  it('shows an error box in plain words, logs the cause once, exits with 1 and opens no window', async () => {
    const logged: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      logged.push(String(chunk));
      return true;
    });
    try {
      process.env.GATE_DATA_DIR = dataDir;
      await import('../../../electron/main/index');
      h.standIn.fireReady();
      await vi.waitFor(() => expect(h.standIn.records.exitCode).toBe(1));
    } finally {
      spy.mockRestore();
    }
    const message = USER_MESSAGES.DB_LOCKED_BY_OTHER_PROCESS;
    expect(h.standIn.records.errorBoxes).toEqual([expect.stringContaining(message.zh)]);
    expect(h.standIn.records.errorBoxes[0]).toContain(message.en);
    expect(h.standIn.records.errorBoxes[0]).not.toContain(dataDir);
    // One line first on stderr saying why; the cause, once, in the data folder's log file.
    expect(logged.filter((l) => l.startsWith('GateCheck cannot start:'))).toEqual([expect.stringContaining('DB_LOCKED_BY_OTHER_PROCESS')]);
    const logDir = join(dataDir, 'logs');
    const lines = readdirSync(logDir).flatMap((f) => readFileSync(join(logDir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { event: string; code?: string }));
    expect(lines.filter((l) => l.event === 'start.failed')).toEqual([expect.objectContaining({ code: 'DB_LOCKED_BY_OTHER_PROCESS' })]);
    expect(h.standIn.records.windows).toEqual([]);
  });
});
