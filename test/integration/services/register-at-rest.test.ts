// Attacks on the register at rest (issue: hardening): a copied file gives back no ID number, a purged name is not
// left in free pages, files are owner-only, and a register that went missing, went back or lost its key is never
// replaced silently by a new one.
import { describe, it, expect } from 'vitest';
import { copyFileSync, mkdirSync, readdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openGate, type Gate } from '../../../electron/main/services/compose';
import { saveStationConfig } from '../../../electron/main/services/station-config';
import { AppError } from '../../../electron/core/errors';
import { HIGH_WATER_FILE_NAME } from '../../../electron/main/services/high-water';
import { LOCK_FILE_NAME } from '../../../electron/db/connection';
import { logsDirOf, openStationLog } from '../../../electron/main/services/station-log';

const NOW = Date.parse('2026-11-20T10:00:00+08:00');
const ID = '11010519491231002X';
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** A station whose clock is right: time that passes on it really passed (the monotonic clock moves with it). */
async function station(dataDir: string, clock = () => NOW): Promise<Gate> {
  const gate = await openGate(dataDir, { clock, monotonic: clock });
  if (gate.settings.get('station') === undefined) {
    saveStationConfig(gate.settings, gate.packs, { venueName: '某养老院', stationName: '1号岗', retentionDays: 30, profile: { pack: 'cn-2022-12-07', venueKind: 'eldercare' } });
  }
  return gate;
}

async function startError(dataDir: string): Promise<string> {
  try {
    (await openGate(dataDir)).close();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).code;
  }
  return 'opened';
}

/** Every 18-digit number the masked form allows (the hidden eight digits are a birth date), with its check digit. */
function candidatesFor(masked: string): string[] {
  const out: string[] = [];
  for (let t = Date.UTC(1900, 0, 1); t <= NOW; t += 86_400_000) {
    const birth = new Date(t).toISOString().slice(0, 10).replaceAll('-', '');
    const first17 = masked.slice(0, 6) + birth + masked.slice(14, 17);
    const sum = [...first17].reduce((s, d, i) => s + Number(d) * ID_WEIGHTS[i]!, 0);
    out.push(first17 + '10X98765432'[sum % 11]);
  }
  return out;
}

async function codeCheck(gate: Gate, code: string): Promise<number> {
  return (await gate.handlers.check({ code, category: 'visitor', source: 'wedge' })).entryId!;
}

describe('a copied register gives back no ID number', () => {
  it('the masked ID plus the stored fingerprint: trying every birth date finds nothing (it would, were the digest unkeyed)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatecheck-rest-'));
    const gate = await station(join(dir, 'data'));
    const id = await codeCheck(gate, ID);
    gate.close();
    // The attacker has the database file only (the key stays on the station).
    mkdirSync(join(dir, 'copy'));
    copyFileSync(join(dir, 'data', 'register.sqlite'), join(dir, 'copy', 'register.sqlite'));
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(join(dir, 'copy', 'register.sqlite'), { readonly: true });
    const row = db.prepare('SELECT id_masked, payload_fingerprint, id_hash FROM entries WHERE id = ?').get(id) as { id_masked: string; payload_fingerprint: string; id_hash: string };
    db.close();
    expect(row.id_masked).toBe('110105********002X');
    const candidates = candidatesFor(row.id_masked);
    expect(candidates.length).toBeGreaterThan(45_000);
    expect(candidates).toContain(ID); // the attack is sound: the real number is among the tries
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    const found = candidates.filter((c) => sha(c) === row.payload_fingerprint || sha(sha(c)) === row.payload_fingerprint || sha(c) === row.id_hash);
    expect(found).toEqual([]);
  });
});

describe('files at rest', () => {
  it('the data folder is 0700; the database and the roster\'s, their WALs and shared-memory indexes, the process lock, key, high-water mark and exports are 0600', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatecheck-modes-'));
    const gate = await station(join(dir, 'data'), () => NOW);
    await codeCheck(gate, 'A-VISITOR-CODE');
    const out = gate.register.exportDays({ fromDay: '2026-11-20', toDay: '2026-11-20', outDir: join(dir, 'data', 'exports'), kind: 'manual', now: NOW });
    const mode = (p: string) => statSync(p).mode & 0o777;
    expect(mode(join(dir, 'data'))).toBe(0o700);
    for (const f of ['register.sqlite', 'register.sqlite-wal', 'register.sqlite-shm', 'roster.sqlite', 'roster.sqlite-wal', 'roster.sqlite-shm', LOCK_FILE_NAME, 'id-hash.key', HIGH_WATER_FILE_NAME]) expect(mode(join(dir, 'data', f)), f).toBe(0o600);
    expect(mode(out.path)).toBe(0o600);
    gate.close();
  });

  it('a purged entry leaves no readable trace in free pages (secure_delete)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatecheck-secdel-'));
    const gate = await station(join(dir, 'data'));
    const name = 'SECRET-NAME-ZHANG-0001';
    gate.entries.insert({ atMs: NOW - 40 * 86_400_000, localDay: '2026-10-11', station: 's', packId: 'cn-2022-12-07', packVersion: 1, venueKind: 'eldercare', category: 'visitor', outcome: 'admit', citations: ['Q3'], evidenceSummary: { kinds: [], sources: [] }, format: 'opaque', name });
    gate.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(join(dir, 'data', 'register.sqlite')).includes(name)).toBe(true);
    gate.housekeep(); // exports the day, then purges it
    expect(gate.entries.search({})).toEqual([]);
    gate.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(join(dir, 'data', 'register.sqlite')).includes(name)).toBe(false);
    gate.close();
  });
});

describe('no silent resets', () => {
  async function withEntries(n: number): Promise<string> {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'gatecheck-reset-')), 'data');
    const gate = await station(dataDir);
    for (let i = 0; i < n; i++) await codeCheck(gate, `CODE-${i}`);
    gate.close();
    return dataDir;
  }

  it('a missing or 0-byte register beside the key stops with REGISTER_MISSING; nothing new is made', async () => {
    const dataDir = await withEntries(3);
    rmSync(join(dataDir, 'register.sqlite'));
    expect(await startError(dataDir)).toBe('REGISTER_MISSING');
    expect(() => statSync(join(dataDir, 'register.sqlite'))).toThrow();
    writeFileSync(join(dataDir, 'register.sqlite'), '');
    expect(await startError(dataDir)).toBe('REGISTER_MISSING');
    expect(statSync(join(dataDir, 'register.sqlite')).size).toBe(0);
  });

  it('a roster file gone missing: the gate starts with an empty roster and its log says so; the venue\'s file imports again', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'gatecheck-roster-gone-')), 'data');
    let gate = await station(dataDir);
    gate.rosters.save([{ idHash: gate.hashId(ID), name: '李奶奶', category: 'resident' }], [], NOW);
    gate.close();
    for (const f of ['roster.sqlite', 'roster.sqlite-wal', 'roster.sqlite-shm']) rmSync(join(dataDir, f), { force: true });
    const opened = await openStationLog(dataDir, 'main');
    try {
      gate = await station(dataDir);
      expect(gate.rosters.counts()).toEqual({ people: 0, results: 0 });
      const logged = readdirSync(logsDirOf(dataDir)).map((f) => readFileSync(join(logsDirOf(dataDir), f), 'utf8')).join('');
      expect(logged).toMatch(/"event":"roster\.file_missing"/);
      gate.close();
      // A roster file that is there says nothing.
      gate = await station(dataDir);
      gate.close();
      const again = readdirSync(logsDirOf(dataDir)).map((f) => readFileSync(join(logsDirOf(dataDir), f), 'utf8')).join('');
      expect(again.match(/roster\.file_missing/g)).toHaveLength(1);
    } finally {
      opened.close();
    }
  });

  it('a missing or garbled key while entries exist stops with KEY_MISSING / KEY_DAMAGED; no new key is made', async () => {
    const dataDir = await withEntries(2);
    const key = readFileSync(join(dataDir, 'id-hash.key'), 'utf8');
    rmSync(join(dataDir, 'id-hash.key'));
    expect(await startError(dataDir)).toBe('KEY_MISSING');
    expect(() => statSync(join(dataDir, 'id-hash.key'))).toThrow();
    writeFileSync(join(dataDir, 'id-hash.key'), key.slice(0, 40));
    expect(await startError(dataDir)).toBe('KEY_DAMAGED');
    writeFileSync(join(dataDir, 'id-hash.key'), key);
    expect(await startError(dataDir)).toBe('opened');
  });

  it('an older copy of the register put back (entries gone, ids about to be reused) stops with REGISTER_WENT_BACK', async () => {
    const dataDir = await withEntries(3);
    const before = join(dataDir, '..', 'before.sqlite');
    copyFileSync(join(dataDir, 'register.sqlite'), before);
    const gate = await station(dataDir);
    for (let i = 0; i < 5; i++) await codeCheck(gate, `LATER-${i}`);
    gate.close();
    copyFileSync(before, join(dataDir, 'register.sqlite'));
    expect(await startError(dataDir)).toBe('REGISTER_WENT_BACK');
  });

  it('the WAL lost after a crash: the entries the minute mark saw are missed, and the station stops', async () => {
    const dataDir = await withEntries(1);
    const gate = await station(dataDir);
    for (let i = 0; i < 20; i++) await codeCheck(gate, `ACKED-${i}`);
    gate.markHighWater(); // what the housekeeping tick does each minute
    // The crash: the process dies with its entries in the WAL, and the WAL is deleted before the next start.
    const crashed = join(dataDir, '..', 'crashed');
    mkdirSync(crashed, { mode: 0o700 });
    for (const f of ['register.sqlite', 'id-hash.key', HIGH_WATER_FILE_NAME]) copyFileSync(join(dataDir, f), join(crashed, f));
    gate.close();
    expect(await startError(crashed)).toBe('REGISTER_WENT_BACK');
  });

  it('a purge that removed every entry is not mistaken for going back: ids keep counting up', async () => {
    const dataDir = await withEntries(0);
    let now = NOW - 40 * 86_400_000;
    let gate = await station(dataDir, () => now);
    const first = await codeCheck(gate, 'OLD-VISIT');
    gate.close();
    now = NOW;
    gate = await station(dataDir, () => now);
    gate.housekeep();
    expect(gate.entries.search({})).toEqual([]);
    gate.close();
    gate = await station(dataDir, () => now);
    expect(await codeCheck(gate, 'NEW-VISIT')).toBeGreaterThan(first);
    gate.close();
  });

  it('damage in the middle of the file is found at start (quick_check) and reported as DB_CORRUPT', async () => {
    const dataDir = await withEntries(300);
    const path = join(dataDir, 'register.sqlite');
    const size = statSync(path).size;
    expect(size).toBeGreaterThan(8 * 4096);
    const fd = openSync(path, 'r+');
    // Garble a page of the entries table's b-tree (not the header): only a check of the pages finds it.
    writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 4096 * Math.floor(size / 4096 / 2));
    closeSync(fd);
    expect(await startError(dataDir)).toBe('DB_CORRUPT');
  });

  it('a truncated register is DB_CORRUPT too, never a new one', async () => {
    const dataDir = await withEntries(300);
    truncateSync(join(dataDir, 'register.sqlite'), 4096 * 3);
    expect(['DB_CORRUPT', 'REGISTER_WENT_BACK']).toContain(await startError(dataDir));
  });
});

describe('clock jumps', () => {
  it('a forward jump of over a day is logged and shown; nothing is purged until an admin confirms the time in Settings', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'gatecheck-jump-')), 'data');
    let wall = NOW;
    let mono = 1_000_000;
    const gate = await openGate(dataDir, { clock: () => wall, monotonic: () => mono });
    const { hashPin } = await import('../../../electron/main/services/pins');
    saveStationConfig(gate.settings, gate.packs, { venueName: '某养老院', stationName: '1号岗', retentionDays: 30, exportDir: join(dataDir, '..', 'exports'), profile: { pack: 'cn-2022-12-07', venueKind: 'eldercare' } });
    gate.settings.put('adminPin', hashPin('246810'));
    const visit = await codeCheck(gate, 'VISIT-BEFORE-THE-JUMP');
    // The clock leaps a year ahead within one minute of real time.
    wall += 365 * 86_400_000;
    mono += 60_000;
    gate.housekeep();
    expect(gate.entries.get(visit)).toBeDefined(); // exported, but not purged
    expect(gate.securityLog.clockEvents()).toEqual([expect.objectContaining({ event: 'clock-jump-forward' })]);
    const info = await gate.handlers.station({});
    expect(info.clockJump).toEqual({ fromMs: NOW + 60_000, toMs: wall });
    // Setting it back is logged too; confirming in Settings (admin PIN) lets purging go on.
    await gate.handlers.saveSettings({ adminPin: '246810', changes: { confirmClock: true } });
    expect((await gate.handlers.station({})).clockJump).toBeUndefined();
    gate.housekeep();
    expect(gate.entries.get(visit)).toBeUndefined();
    expect(gate.securityLog.clockEvents().map((e) => e.event)).toEqual(['clock-jump-forward', 'clock-confirmed']);
    gate.close();
  });

  it('a clock set back an hour is logged; it holds nothing', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'gatecheck-back-')), 'data');
    let wall = NOW;
    const gate = await openGate(dataDir, { clock: () => wall, monotonic: () => 5_000 });
    wall -= 3_600_000;
    gate.watchClock();
    expect(gate.securityLog.clockEvents()).toEqual([{ atMs: wall, event: 'clock-set-back', amountMs: -3_600_000 }]);
    expect((await gate.handlers.station({}).catch(() => undefined))?.clockJump).toBeUndefined();
    gate.close();
  });
});

describe('PIN hashes in a copied register', () => {
  const setup = { venueName: '某小学', stationName: '东门', profile: { pack: 'cn-2022-12-07', venueKind: 'school', natWindowHours: 48, acceptAntigen: false, antigenWindowHours: 24 }, retentionDays: 30, adminPin: '975310', operator: { name: '赵敏', pin: '8642' } } as const;

  it('are peppered with a key outside the database: even the right PIN cannot be confirmed from the file alone', async () => {
    const { scryptSync } = await import('node:crypto');
    const { pinHashSchema } = await import('../../../electron/main/services/pins');
    const dataDir = join(mkdtempSync(join(tmpdir(), 'gatecheck-pepper-')), 'data');
    const gate = await openGate(dataDir, { clock: () => NOW });
    await gate.handlers.setup(setup as never);
    const admin = pinHashSchema.parse(gate.settings.get('adminPin'));
    const operator = pinHashSchema.parse((gate.settings.get('operators') as { pin: unknown }[])[0]!.pin);
    gate.close();
    // The offline attack: scrypt each candidate with the stored salt and parameters. Given the right PIN itself it
    // does not match, so no candidate list (10^6 six-digit PINs) can.
    for (const [stored, pin] of [[admin, '975310'], [operator, '8642']] as const) {
      expect(stored.peppered).toBe(true);
      const tried = scryptSync(pin, Buffer.from(stored.salt, 'base64'), 32, { N: stored.N, r: stored.r, p: stored.p }).toString('base64');
      expect(tried).not.toBe(stored.hash);
    }
  });

  it('a hash from before the pepper still opens, and is re-made peppered at the first right PIN', async () => {
    const { hashPin, pinHashSchema } = await import('../../../electron/main/services/pins');
    const dataDir = join(mkdtempSync(join(tmpdir(), 'gatecheck-repepper-')), 'data');
    const gate = await station(dataDir);
    gate.settings.put('adminPin', hashPin('246810'));
    await gate.handlers.getSettings({ adminPin: '246810' });
    expect(pinHashSchema.parse(gate.settings.get('adminPin')).peppered).toBe(true);
    await expect(gate.handlers.getSettings({ adminPin: '246810' })).resolves.toBeDefined();
    await expect(gate.handlers.getSettings({ adminPin: '246811' })).rejects.toThrow(/WRONG_PIN/);
    gate.close();
  });

  it('the admin PIN is at least 6 digits and no operator PIN may equal it', async () => {
    const { contract } = await import('../../../electron/api/contract');
    expect(contract.setup.input.safeParse({ ...setup, adminPin: '97531' }).success).toBe(false);
    expect(contract.setup.input.safeParse({ ...setup, operator: { name: '赵敏', pin: '975310' } }).success).toBe(false);
    expect(contract.setup.input.safeParse(setup).success).toBe(true);
    const dataDir = join(mkdtempSync(join(tmpdir(), 'gatecheck-adminpin-')), 'data');
    const gate = await openGate(dataDir, { clock: () => NOW });
    await gate.handlers.setup(setup as never);
    await expect(gate.handlers.saveSettings({ adminPin: '975310', changes: { addOperator: { name: '李强', pin: '975310' } } })).rejects.toThrow(/differ from the admin PIN/);
    expect(contract.saveSettings.input.safeParse({ adminPin: '975310', changes: { newAdminPin: '1234' } }).success).toBe(false);
    gate.close();
  });
});
