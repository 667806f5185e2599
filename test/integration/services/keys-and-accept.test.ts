// Keys are never re-made silently, and an admin accepts what stopped the station (issue: reliability, item 4):
// each key file deleted gives a loud stop naming it; `gatecheck accept` (admin PIN) takes a register behind its
// mark, a new key or a clock jump, each written to the security log; a wrong PIN accepts nothing.
import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openGate } from '../../../electron/main/services/compose';
import { startFailure } from '../../support/station';
import { createVenueLinkRepo } from '../../../electron/db/venue-link';
import { writeVenueKey } from '../../../electron/main/services/venue/link-files';
import { HIGH_WATER_FILE_NAME, readHighWater, writeHighWater } from '../../../electron/main/services/high-water';
import { cliWith } from '../../support/cli';
import { randomBytes } from 'node:crypto';

const SETUP = { venueName: '某小学', stationName: '东门', profile: { pack: 'cn-2022-12-07', venueKind: 'school', natWindowHours: 48, acceptAntigen: false, antigenWindowHours: 24 }, retentionDays: 30, adminPin: '975310', operator: { name: '赵敏', pin: '8642' } } as const;

async function setUpStation(entries = 0): Promise<string> {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'gatecheck-keys-')), 'data');
  const gate = await openGate(dataDir);
  await gate.handlers.setup(SETUP);
  for (let i = 0; i < entries; i++) await gate.handlers.check({ code: `KEY-VISIT-${i}`, category: 'visitor', source: 'wedge' });
  gate.close();
  return dataDir;
}

const startError = startFailure;

describe('keys are never re-made silently', () => {
  it('an empty folder gets its key on first use', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'gatecheck-keys-new-')), 'data');
    (await openGate(dataDir)).close();
    expect(existsSync(join(dataDir, 'id-hash.key'))).toBe(true);
  });

  it.each([
    { name: 'set up, no entry yet (the PINs are peppered with it)', entries: 0 },
    { name: 'with entries', entries: 3 },
  ])('id-hash.key deleted, $name: a loud stop naming the file, and no new key', async ({ entries }) => {
    const dataDir = await setUpStation(entries);
    rmSync(join(dataDir, 'id-hash.key'));
    const err = await startError(dataDir);
    expect(err?.code).toBe('KEY_MISSING');
    expect(err?.detail).toContain(join(dataDir, 'id-hash.key'));
    expect(existsSync(join(dataDir, 'id-hash.key'))).toBe(false);
  });

  it('venue.key deleted on a station of a venue: a loud stop naming it, never the install key instead', async () => {
    const dataDir = await setUpStation(1);
    const gate = await openGate(dataDir);
    createVenueLinkRepo(gate.db).create({ venueId: 1, venueName: '某小学', stationId: 1, stationName: '东门', joinedMs: Date.now(), adminKey: null, joinedThrough: 0 });
    writeVenueKey(dataDir, randomBytes(32));
    gate.close();
    expect(await startError(dataDir)).toBeUndefined();
    rmSync(join(dataDir, 'venue.key'));
    const err = await startError(dataDir);
    expect(err?.code).toBe('KEY_MISSING');
    expect(err?.detail).toContain(join(dataDir, 'venue.key'));
  });
});

describe('gatecheck accept', () => {
  it('a register behind its mark: a wrong PIN accepts nothing; the admin PIN accepts the loss, logged, and the station starts', async () => {
    const dataDir = await setUpStation(3);
    const mark = readHighWater(dataDir)!;
    writeHighWater(dataDir, { ...mark, highestEntryId: mark.highestEntryId + 5 }); // as if 5 entries were lost
    expect((await startError(dataDir))?.code).toBe('REGISTER_WENT_BACK');
    const wrong = await cliWith({ env: { GATECHECK_ADMIN_PIN: '000000' } }, 'accept', '--data-dir', dataDir);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('WRONG_PIN');
    expect((await startError(dataDir))?.code).toBe('REGISTER_WENT_BACK');
    const ok = await cliWith({ env: { GATECHECK_ADMIN_PIN: '975310' } }, 'accept', '--data-dir', dataDir);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain(`entries ${mark.highestEntryId + 1}–${mark.highestEntryId + 5} are accepted as lost`);
    expect(await startError(dataDir)).toBeUndefined();
    const gate = await openGate(dataDir);
    expect(gate.securityLog.clockEvents().map((e) => e.event)).toContain('register-behind-accepted');
    gate.close();
  });

  it('a missing install key: a new admin PIN is set with a new key (logged), and the station starts', async () => {
    const dataDir = await setUpStation(2);
    rmSync(join(dataDir, 'id-hash.key'));
    const r = await cliWith({ typed: ['246813'] }, 'accept', '--data-dir', dataDir);
    expect(r.code).toBe(0);
    expect(r.out).toContain('a new id-hash.key was made');
    const gate = await openGate(dataDir);
    try {
      expect(gate.securityLog.clockEvents().map((e) => e.event)).toContain('key-replaced');
      await expect(gate.handlers.getSettings({ adminPin: '246813' })).resolves.toBeDefined();
      await expect(gate.handlers.getSettings({ adminPin: '975310' })).rejects.toMatchObject({ code: 'WRONG_PIN' });
    } finally {
      gate.close();
    }
  });

  it('a pending clock jump: accepted on the admin PIN, deletions resume; with nothing to accept it says so', async () => {
    const dataDir = await setUpStation(1);
    const gate = await openGate(dataDir);
    gate.settings.put('clockJump', { fromMs: Date.now() - 50 * 86_400_000, toMs: Date.now() });
    gate.close();
    const r = await cliWith({ env: { GATECHECK_ADMIN_PIN: '975310' } }, 'accept', '--data-dir', dataDir);
    expect(r.out).toContain('the clock is confirmed');
    const again = await openGate(dataDir);
    expect(again.settings.get('clockJump')).toBeUndefined();
    expect(again.securityLog.clockEvents().map((e) => e.event)).toContain('clock-confirmed');
    again.close();
    expect((await cliWith({ env: { GATECHECK_ADMIN_PIN: '975310' } }, 'accept', '--data-dir', dataDir)).out).toContain('nothing to accept');
    expect(existsSync(join(dataDir, HIGH_WATER_FILE_NAME))).toBe(true);
  });
});
