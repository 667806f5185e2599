// The inside list's settings and its place in the register, through the services the screen calls, on a real register.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openGate, type Gate } from '../../../electron/main/services/compose';
import { saveStationConfig } from '../../../electron/main/services/station-config';
import { AppError } from '../../../electron/core/errors';

const T = (hhmm: string, day = '2026-11-20') => Date.parse(`${day}T${hhmm}:00+08:00`);
let gate: Gate;
let clock = T('09:00');
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatecheck-inside-svc-'));
  gate = await openGate(join(dir, 'data'), { clock: () => clock, exportDir: join(dir, 'exports') });
  saveStationConfig(gate.settings, gate.packs, {
    venueName: '颐养院', stationName: '正门', profile: { pack: 'cn-2022-12-07', venueKind: 'other' },
    visitingUntil: '17:00', insideStaff: 'hidden',
  });
});
afterAll(() => gate.close());

const at = async <T,>(hhmm: string, f: () => Promise<T>): Promise<T> => {
  clock = T(hhmm);
  return f();
};

describe('inside / services', () => {
  it('visitors past visiting hours are overdue; staff are left off when the setting says so; exits are not people in the counters', async () => {
    await at('09:00', () => gate.handlers.check({ code: 'VISITOR-ONE', category: 'visitor', source: 'wedge' }));
    await at('09:10', () => gate.handlers.check({ code: 'STAFF-BADGE-9', category: 'staff', source: 'wedge' }));
    await at('09:20', () => gate.handlers.check({ code: 'VISITOR-TWO', category: 'visitor', source: 'wedge' }));
    await at('10:00', () => gate.handlers.exit({ code: 'VISITOR-TWO', source: 'wedge' }));
    const before = await at('16:59', () => gate.handlers.inside({}));
    expect(before.people.map((p) => [p.ref, p.overdue])).toEqual([['正门#1', false]]);
    expect(before.staff).toBe('hidden');
    const after = await at('17:00', () => gate.handlers.inside({}));
    expect(after.people.map((p) => [p.ref, p.overdue])).toEqual([['正门#1', true]]);
    // Listed apart once the setting changes.
    gate.settings.put('station', { ...(gate.settings.get('station') as object), insideStaff: 'apart' });
    const apart = await gate.handlers.inside({});
    expect(apart.people.map((p) => [p.ref, p.group, p.overdue])).toEqual([['正门#1', 'visitor', true], ['正门#2', 'resident', false]]);
    // The day's counters and the register's lists count people checked, not exits.
    const today = await gate.handlers.today({ limit: 20 });
    expect(today.byOutcome.admit).toBe(3);
    expect(today.recent.map((e) => e.outcome)).not.toContain('exit');
    expect((await gate.handlers.searchRegister({ limit: 100 })).map((e) => e.id)).toEqual([1, 2, 3]);
    const stats = await gate.handlers.registerStats({ fromDay: '2026-11-20', toDay: '2026-11-20' });
    expect(stats).toMatchObject({ people: 3, neverLeft: 2, exitsWithoutEntry: 0, exits: 1 });
  });

  it('search finds by name fragment, time or gate; an operator signs someone out (the exit carries a note saying so)', async () => {
    expect((await gate.handlers.inside({ search: '09:1' })).people.map((p) => p.ref)).toEqual(['正门#2']);
    expect((await gate.handlers.inside({ search: '正门' })).count).toBe(2);
    const out = await at('18:00', () => gate.handlers.exitFromList({ ref: '正门#1', signOut: true }));
    expect(out).toMatchObject({ matched: true, closed: { ref: '正门#1', minutesInside: 540 } });
    const exit = gate.db.prepare('SELECT outcome, note, closes_station, closes_seq, operator FROM entries WHERE id = ?').get(out.entryId);
    expect(exit).toMatchObject({ outcome: 'exit', closes_station: '正门', closes_seq: 1 });
    expect((exit as { note: string }).note).toContain('操作员确认已离开');
    // Picked again: already out.
    await expect(gate.handlers.exitFromList({ ref: '正门#1' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(gate.handlers.exitFromList({ ref: '正门#999' })).rejects.toBeInstanceOf(AppError);
  });

  it('the register stays append-only: an exit is a new row; an exit row cannot be changed', async () => {
    expect(() => gate.db.prepare("UPDATE entries SET closes_seq = 2 WHERE outcome = 'exit'").run()).toThrow(/append-only/);
  });

  it('the evacuation CSV opens cleanly in a spreadsheet: BOM, CRLF, every cell quoted, the time in the file name', async () => {
    await at('18:05', () => gate.handlers.check({ code: 'VISITOR-THREE', category: 'visitor', source: 'wedge' }));
    const r = await at('18:10', () => gate.handlers.evacuation({ language: 'en' }));
    expect(r.rows).toBe(2);
    const text = readFileSync(r.path, 'utf8');
    expect(text.startsWith('\uFEFF"No.","Name","ID number (masked)","Category","Gate","Time in","Time inside","Overdue","Made at","Data as of"\r\n')).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines).toHaveLength(4); // header, two people, the final CRLF's empty tail
    expect(lines.slice(1, 3).every((l) => /^"[^"]*"(,"[^"]*")*$/.test(l))).toBe(true);
    expect(readdirSync(join(dir, 'exports')).some((f) => /^evacuation-疏散-2026-11-20-181000\.csv$/.test(f))).toBe(true);
  });
});
