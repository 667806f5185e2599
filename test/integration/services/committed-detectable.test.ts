// Committed means detectable, and time cannot destroy a day (issue: reliability, items 2 and 3). Real stations in
// child processes killed with SIGKILL, real WAL files deleted, real starts with the clock 50 days ahead.
import { describe, it, expect } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openGate } from '../../../electron/main/services/compose';
import { saveStationConfig } from '../../../electron/main/services/station-config';
import { readHighWater, writeHighWater } from '../../../electron/main/services/high-water';
import { logsDirOf, openStationLog } from '../../../electron/main/services/station-log';
import { startFailure, writeAndKill } from '../../support/station';

/** Runs the app's check path in a child until `acks` checks have returned, then kills it -9. Returns the acked ids. */
const checkAndKill = (dataDir: string, acks: number) => writeAndKill('test/support/gate-writer.ts', dataDir, acks);
const startError = startFailure;

describe('committed means detectable', () => {
  it('kill -9, then the WAL deleted: a loud stop naming the entries that are missing; with the WAL, every acknowledged entry is there', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'gatecheck-wal-')), 'data');
    const acked = await checkAndKill(dataDir, 25);
    const last = acked.at(-1)!;
    // The same folder with its WAL: nothing lost.
    const whole = join(dataDir, '..', 'whole');
    cpSync(dataDir, whole, { recursive: true });
    const gate = await openGate(whole);
    for (const id of acked) expect(gate.entries.get(id), `entry ${id}`).toBeDefined();
    gate.close();
    // The WAL deleted (what a careless cleanup or a damaged disk does after the crash).
    expect(existsSync(join(dataDir, 'register.sqlite-wal'))).toBe(true);
    rmSync(join(dataDir, 'register.sqlite-wal'));
    rmSync(join(dataDir, 'register.sqlite-shm'), { force: true });
    const err = await startError(dataDir);
    expect(err?.code).toBe('REGISTER_WENT_BACK');
    expect(err?.detail).toMatch(new RegExp(`(entries \\d+–${last}|entry ${last}) (are|is) missing`));
    expect(err?.detail).toContain('gatecheck accept');
  });

  it('a whole data folder restored from one backup is consistent and starts', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'gatecheck-backup-')), 'data');
    await checkAndKill(dataDir, 5);
    const backup = join(dataDir, '..', 'backup');
    // The backup: the whole folder, taken while the station was stopped.
    const gate = await openGate(dataDir);
    gate.close();
    cpSync(dataDir, backup, { recursive: true });
    await checkAndKill(dataDir, 5);
    rmSync(dataDir, { recursive: true });
    cpSync(backup, dataDir, { recursive: true });
    expect(await startError(dataDir)).toBeUndefined();
  });
});

describe('time that cannot destroy a day', () => {
  const DAY = 86_400_000;
  const NOW = Date.parse('2026-11-20T02:00:00Z');

  /** A station with a day's entries and its exported CSV, closed at NOW. Returns the data folder and the CSV's path. */
  async function stationWithADay(): Promise<{ dataDir: string; csv: string; ids: number[] }> {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'gatecheck-ahead-')), 'data');
    let now = NOW - DAY;
    const gate = await openGate(dataDir, { clock: () => now, monotonic: () => now });
    saveStationConfig(gate.settings, gate.packs, { venueName: '某养老院', stationName: '1号岗', retentionDays: 30, exportDir: join(dataDir, '..', 'exports'), profile: { pack: 'cn-2022-12-07', venueKind: 'eldercare' } });
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await gate.handlers.check({ code: `DAY-VISIT-${i}`, category: 'visitor', source: 'wedge' })).entryId!);
    now = NOW; // the next morning: yesterday is exported
    gate.housekeep();
    gate.close();
    const csv = join(dataDir, '..', 'exports', readdirSync(join(dataDir, '..', 'exports')).find((f) => f.endsWith('.csv'))!);
    return { dataDir, csv, ids };
  }

  async function startAhead(dataDir: string, days: number) {
    const opened = await openStationLog(dataDir, 'main');
    const ahead = NOW + days * DAY;
    // The system's uptime has not moved a day: the clock did.
    const gate = await openGate(dataDir, { clock: () => ahead, monotonic: () => NOW + 60_000 });
    return { gate, opened, ahead };
  }

  it('started 50 days ahead (the same boot): keeps the day and its CSV, logs the jump, shows it, and holds every deletion', async () => {
    const { dataDir, csv, ids } = await stationWithADay();
    const { gate, opened } = await startAhead(dataDir, 50);
    try {
      gate.housekeep();
      for (const id of ids) expect(gate.entries.get(id)).toBeDefined();
      expect(existsSync(csv)).toBe(true);
      expect(gate.securityLog.clockEvents()).toEqual([expect.objectContaining({ event: 'clock-jump-forward' })]);
      expect((await gate.handlers.station({})).clockJump).toMatchObject({ toMs: NOW + 50 * DAY });
      const logged = readdirSync(logsDirOf(dataDir)).map((f) => readFileSync(join(logsDirOf(dataDir), f), 'utf8')).join('');
      expect(logged).toMatch(/"event":"clock.jump"/);
      expect(logged).toMatch(/"at":"start"/);
      // Checking and recording go on meanwhile.
      expect((await gate.handlers.check({ code: 'AFTER-THE-JUMP', category: 'visitor', source: 'wedge' })).entryId).toBeGreaterThan(ids.at(-1)!);
    } finally {
      gate.close();
      opened.close();
    }
  });

  it('started 50 days ahead after a reboot (no uptime to compare): the same', async () => {
    const { dataDir, csv, ids } = await stationWithADay();
    writeHighWater(dataDir, { ...readHighWater(dataDir)!, bootId: 'another-boot' });
    const { gate, opened } = await startAhead(dataDir, 50);
    try {
      gate.housekeep();
      for (const id of ids) expect(gate.entries.get(id)).toBeDefined();
      expect(existsSync(csv)).toBe(true);
      expect(gate.securityLog.clockEvents()).toEqual([expect.objectContaining({ event: 'clock-jump-forward' })]);
    } finally {
      gate.close();
      opened.close();
    }
  });

  it('an export is never deleted before its own retention from when it was written', async () => {
    const { dataDir, csv } = await stationWithADay();
    // Time really passes (uptime with it): 31 days on, the day is past retention and purged, but its CSV written
    // the morning after stays until 30 days after that morning.
    let now = NOW + 29 * DAY + 12 * 3_600_000;
    const gate = await openGate(dataDir, { clock: () => now, monotonic: () => now });
    try {
      gate.housekeep();
      expect(existsSync(csv)).toBe(true);
      now = NOW + 30 * DAY + 60_000;
      gate.watchClock();
      gate.housekeep();
      expect(existsSync(csv)).toBe(false);
    } finally {
      gate.close();
    }
  });
});
