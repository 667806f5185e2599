// Entrants have edges (issue: gate input): a correction records what the operator chose last, lower or none
// included; a roster category survives completion; fever, F1 and a paper certificate say so in the register; a scan
// cut short is not counted as a person; F1 on the lock screen admits with no PIN. A real register in a temp folder.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openGate, type Gate } from '../../../electron/main/services/compose';
import { csv, idNumber } from '../../support/roster-files';
import { importTable } from '../../../electron/main/services/imports/import-table';
import { NOTE_PHRASES, paperNote, stored } from '../../../electron/core/register/notes';

const NOW = Date.parse('2026-11-20T08:00:00Z'); // 16:00 in Shanghai
let dir: string;
let gate: Gate;
const SETUP = { venueName: '测试养老院', stationName: '东门', profile: { pack: 'cn-2022-12-07', venueKind: 'eldercare', natWindowHours: 48, acceptAntigen: false, antigenWindowHours: 24 }, retentionDays: 30, adminPin: '975310', operator: { name: '赵敏', pin: '8642' } } as const;
const green = { kind: 'health-code' as const, color: 'green' as const };
const within = (h: 24 | 48 | 72) => ({ kind: 'test' as const, method: 'nat' as const, result: 'negative' as const, withinHours: h });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatecheck-edges-'));
  gate = await openGate(join(dir, 'data'), { clock: () => NOW, exportDir: join(dir, 'out') });
  await gate.handlers.setup(SETUP);
});
afterAll(() => gate.close());

const reasonOf = async (id: number) => (await gate.handlers.entryDetail({ id })).entry.reason.zh;

describe('gate/record: corrections say what the operator chose last', () => {
  it.each([
    { name: 'G 2 after G 1 says 48 h, not 24 h', chain: [24, 48] as const, want: '48 小时内', not: '24 小时内' },
    { name: 'G 1, G 2, G 3 says 72 h (and at a 48 h venue no longer admits)', chain: [24, 48, 72] as const, want: '72 小时内', not: '24 小时内' },
  ])('$name', async ({ chain, want, not }) => {
    let last = await gate.handlers.check({ code: `https://jkm.example.cn/qr?c=${chain.join('')}`, category: 'visitor', source: 'wedge' });
    for (const h of chain) last = await gate.handlers.record({ category: 'visitor', evidence: [green, within(h)], correctsId: last.entryId! });
    expect(last.sampledWithinHours).toBe(chain.at(-1));
    expect(last.outcome).toBe(chain.at(-1)! <= 48 ? 'admit' : 'need');
    const reason = await reasonOf(last.entryId!);
    expect(reason).toContain(want);
    expect(reason).not.toContain(not);
  });

  it('"green code only" after G 1 takes the 24 h back: the test is no longer counted', async () => {
    const first = await gate.handlers.record({ category: 'visitor', evidence: [green, within(24)] });
    expect(first.outcome).toBe('admit');
    const corrected = await gate.handlers.record({ category: 'visitor', evidence: [green], correctsId: first.entryId! });
    expect(corrected.outcome).toBe('need');
    expect(corrected.sampledWithinHours).toBeUndefined();
    expect(corrected.correctsId).toBe(first.entryId);
  });

  it('a temperature after G 2 completes it: the attested test stays', async () => {
    const first = await gate.handlers.record({ category: 'visitor', evidence: [green, within(48)] });
    const warm = await gate.handlers.record({ category: 'visitor', evidence: [], temperature: { celsius: 36.6, via: 'thermometer' }, correctsId: first.entryId! });
    expect(warm.outcome).toBe('admit');
    expect(warm.sampledWithinHours).toBe(48);
  });
});

describe('gate/record: the register says what happened', () => {
  it('a staff badge stays staff when the entrant is completed with G, though the station\'s category is visitor', async () => {
    await importTable({ rosters: gate.rosters, hashId: gate.hashId, clock: () => NOW }, 'roster', csv([['姓名', '身份证号', '类别', '工牌号'], ['李老师', idNumber(7), '住养人员', 'B-0007']], 'utf8'), 'r.csv', true);
    const scan = await gate.handlers.check({ code: 'GC1:B-0007', category: 'visitor', source: 'wedge' });
    const staffCategory = (await gate.handlers.entryDetail({ id: scan.entryId! })).entry.category;
    expect(staffCategory).not.toBe('visitor');
    const done = await gate.handlers.record({ category: 'visitor', evidence: [green, within(24)], correctsId: scan.entryId! });
    expect((await gate.handlers.entryDetail({ id: done.entryId! })).entry.category).toBe(staffCategory);
  });

  it('fever (F) is refused and the reason says 发热; F1 says it was an emergency admission', async () => {
    const fever = await gate.handlers.record({ category: 'visitor', evidence: [{ kind: 'symptom', symptom: 'fever' }] });
    expect(fever.outcome).toBe('refuse');
    expect(await reasonOf(fever.entryId!)).toContain('发热');
    const f1 = await gate.handlers.record({ category: 'responder', evidence: [], note: stored(NOTE_PHRASES.emergency) });
    expect(f1.outcome).toBe('admit-emergency');
    expect(await reasonOf(f1.entryId!)).toContain('急救放行');
  });

  it('a scan cut short is written but not counted as a person', async () => {
    const before = await gate.handlers.today({ limit: 5 });
    const cut = await gate.handlers.check({ code: 'NCFOXN%TS3DH3ZSUZK+.V0ETD%65NL-AH', category: 'visitor', source: 'wedge' });
    expect(cut.problems).toEqual(['SCAN_INCOMPLETE']);
    const after = await gate.handlers.today({ limit: 5 });
    expect(after.byOutcome.need).toBe(before.byOutcome.need);
    expect(after.recent.some((e) => e.id === cut.entryId)).toBe(true);
  });

  it('the English CSV is English: categories, outcomes, routes, reasons and the station\'s own notes (names stay as written)', async () => {
    await gate.handlers.record({ category: 'visitor', evidence: [{ kind: 'test', method: 'nat', result: 'negative', sampledAt: '2026-11-20T01:30:00Z' }], note: paperNote('2026-11-20 09:30') });
    const zh = readFileSync((await gate.handlers.exportDays({ fromDay: '2026-11-20', toDay: '2026-11-20', language: 'zh' })).path, 'utf8');
    expect(zh).toContain('纸质证明 · 采样 2026-11-20 09:30');
    const en = readFileSync((await gate.handlers.exportDays({ fromDay: '2026-11-20', toDay: '2026-11-20', language: 'en' })).path, 'utf8');
    expect(en).toContain('paper certificate · sampled 2026-11-20 09:30');
    // Only the holders' names may be Chinese: every other cell of the English file is English.
    const names = ['李老师', '李*', '东门', '赵敏']; // people's and the station's own names
    const cjk = en.split('\n').flatMap((line) => line.split('","')).filter((cell) => /[\u3400-\u9fff]/.test(cell) && !names.some((n) => cell.includes(n)));
    expect(cjk).toEqual([]);
  });

  it('F1 on the lock screen admits with nobody signed in, and the entry says the station was locked', async () => {
    await gate.handlers.lock({});
    await expect(gate.handlers.record({ category: 'responder', evidence: [] })).rejects.toMatchObject({ code: 'SIGNED_OUT' });
    const out = await gate.handlers.emergencyLocked({});
    expect(out.outcome).toBe('admit-emergency');
    await gate.handlers.signIn({ name: '赵敏', pin: '8642' });
    const entry = (await gate.handlers.entryDetail({ id: out.entryId! })).entry;
    expect(entry.operator).toBeUndefined();
    expect(entry.reason.zh).toContain('锁屏时急救放行');
    const exported = await gate.handlers.exportDays({ fromDay: '2026-11-20', toDay: '2026-11-20', language: 'zh' });
    expect(readFileSync(exported.path, 'utf8')).toContain('锁屏时急救放行');
  });
});
