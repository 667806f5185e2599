// Who is inside, on a real register through the command line (issue 31's check): three entrants with fresh-signed
// certificates and an ID card; one leaves by the same certificate, one by the ID; `inside --json` and the evacuation
// CSV hold the one left; the day's CSV shows the two exit times.
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../../support/cli';
import { makeDccSigner, issueDcc, dccTestContent } from '../../support/issue';
import { idNumber } from '../../support/roster-files';

const s = (iso: string) => Date.parse(iso) / 1000;
let dir: string;
let data: string;
let zhao: string;
let qian: string;
const ID = idNumber(7);

/** A CSV's rows as arrays of cells (every cell quoted, CRLF, a BOM: as the export writes them). */
function rows(text: string): string[][] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const lines = text.slice(1).split('\r\n');
  expect(lines.at(-1)).toBe('');
  return lines.slice(0, -1).map((l) => l.slice(1, -1).split('","'));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatecheck-inside-'));
  data = join(dir, 'data');
  const signer = await makeDccSigner();
  writeFileSync(join(dir, 'eu.json'), JSON.stringify(signer.trustList));
  const cert = (familyName: string, givenName: string) => issueDcc(signer, dccTestContent({ familyName, givenName, dob: '1960-02-02', sampledAt: '2026-11-19T20:00:00Z' }), { iat: s('2026-11-19T21:00:00Z'), exp: s('2026-12-19T00:00:00Z') });
  zhao = await cert('Zhao', 'Lei');
  qian = await cert('Qian', 'Mei');
  writeFileSync(join(dir, 'p.json'), JSON.stringify({ pack: 'cn-2022-12-07', venueKind: 'medical' }));
  writeFileSync(join(dir, 'zhao.txt'), zhao);
  writeFileSync(join(dir, 'qian.txt'), qian);
  const check = (at: string, code: string, category = 'patient') =>
    cli('check', '--data-dir', data, '--profile', join(dir, 'p.json'), '--trust', join(dir, 'eu.json'), '--category', category, '--now', at, '--station', '东门', code);
  expect(JSON.parse((await check('2026-11-20T09:00:00+08:00', `@${join(dir, 'zhao.txt')}`)).out)).toMatchObject({ outcome: 'admit' });
  expect(JSON.parse((await check('2026-11-20T09:05:00+08:00', `@${join(dir, 'qian.txt')}`)).out)).toMatchObject({ outcome: 'admit' });
  // A patient by ID card alone: sent on to sampling on site, and inside all the same (never refused).
  expect(JSON.parse((await check('2026-11-20T09:10:00+08:00', ID)).out)).toMatchObject({ outcome: 'route', route: 'on-site-test' });
});

describe('inside / the command line on a real register', () => {
  it('exits by the same certificate and by the ID; an exit with no entrant is recorded and exits 1', async () => {
    const exit = (at: string, code: string) => cli('exit', '--data-dir', data, '--trust', join(dir, 'eu.json'), '--now', at, code);
    const byCert = await exit('2026-11-20T11:30:00+08:00', `@${join(dir, 'zhao.txt')}`);
    expect(byCert.code).toBe(0);
    expect(JSON.parse(byCert.out)).toMatchObject({ matched: true, closed: { ref: '东门#1', station: '东门', minutesInside: 150 } });
    const byId = await exit('2026-11-20T12:00:00+08:00', ID.toLowerCase());
    expect(byId.code).toBe(0);
    expect(JSON.parse(byId.out)).toMatchObject({ matched: true, closed: { ref: '东门#3', category: 'patient', minutesInside: 170 } });
    const nobody = await exit('2026-11-20T12:01:00+08:00', 'NOT-A-VISITOR-7');
    expect(nobody.code).toBe(1);
    expect(JSON.parse(nobody.out)).toMatchObject({ matched: false });
    expect(nobody.err).toMatch(/未找到此人的入场记录.*no entry was found/);
    // Scanning out again a person already out: nobody left to match.
    expect((await exit('2026-11-20T12:02:00+08:00', `@${join(dir, 'zhao.txt')}`)).code).toBe(1);
  });

  it('inside --json lists the one left; the evacuation CSV holds exactly that person', async () => {
    const r = await cli('inside', '--data-dir', data, '--now', '2026-11-20T13:00:00+08:00', '--json');
    expect(r.code).toBe(0);
    const people = JSON.parse(r.out);
    expect(people).toEqual([expect.objectContaining({ ref: '东门#2', name: 'Qian Mei', category: 'patient', gate: '东门', minutesInside: 235, overdue: false })]);
    const file = join(dir, 'evacuation.csv');
    expect((await cli('inside', '--data-dir', data, '--now', '2026-11-20T13:00:00+08:00', '--csv', file)).code).toBe(0);
    const [head, ...body] = rows(readFileSync(file, 'utf8'));
    expect(head).toEqual(['序号', '姓名', '身份证号(脱敏)', '人员类别', '入口', '进入时间', '停留时长', '超时', '生成时间', '数据截至']);
    expect(body).toEqual([['1', 'Qian Mei', '', '就诊患者', '东门', '2026-11-20 09:05:00', '3:55', '', '2026-11-20 13:00:00', '2026-11-20 13:00:00']]);
    // The same list as a page to print, every text escaped.
    const page = join(dir, 'evacuation.html');
    expect((await cli('inside', '--data-dir', data, '--now', '2026-11-20T13:00:00+08:00', '--html', page)).code).toBe(0);
    const html = readFileSync(page, 'utf8');
    expect(html).toContain('<td>Qian Mei</td>');
    expect(html.match(/<tr>/g)).toHaveLength(2);
    expect((await cli('inside', '--data-dir', data, '--json', '--csv', file)).code).toBe(2);
  });

  it('still inside the next day (overdue), gone from the list once that day ends', async () => {
    const next = JSON.parse((await cli('inside', '--data-dir', data, '--now', '2026-11-21T08:00:00+08:00', '--json')).out);
    expect(next).toEqual([expect.objectContaining({ ref: '东门#2', overdue: true, minutesInside: 23 * 60 - 5 })]);
    expect(JSON.parse((await cli('inside', '--data-dir', data, '--now', '2026-11-22T08:00:00+08:00', '--json')).out)).toEqual([]);
  });

  it("the day's CSV shows the exit times and time inside on the entry rows; exits are not rows of their own", async () => {
    const out = join(dir, 'out');
    expect((await cli('export', '--data-dir', data, '--day', '2026-11-20', '--out', out)).code).toBe(0);
    const [head, ...body] = rows(readFileSync(join(out, readdirSync(out)[0]!), 'utf8'));
    const exitCol = head!.indexOf('离场时间');
    const insideCol = head!.indexOf('停留时长');
    expect(exitCol).toBeGreaterThan(0);
    expect(insideCol).toBe(exitCol + 1);
    expect(body).toHaveLength(3);
    expect([body[0]![exitCol], body[0]![insideCol]]).toEqual(['11:30:00', '2:30']);
    expect([body[1]![exitCol], body[1]![insideCol]]).toEqual(['', '']);
    expect([body[2]![exitCol], body[2]![insideCol]]).toEqual(['12:00:00', '2:50']);
  });

  it('the summary counts who never left and the exits without an entry', async () => {
    const out = join(dir, 'summary');
    const r = await cli('export', '--data-dir', data, '--day', '2026-11-20', '--out', out, '--summary');
    expect(r.code).toBe(0);
    const [head, ...body] = rows(readFileSync(r.out.trim().split('\n')[1]!, 'utf8'));
    const neverLeft = head!.indexOf('未离场');
    const unmatched = head!.indexOf('无入场记录的离场');
    const sum = (col: number) => body.reduce((n, row) => n + Number(row[col]), 0);
    expect([sum(neverLeft), sum(unmatched)]).toEqual([1, 2]);
    // Qian Mei came at 09:xx and never left; the two exits that found no one were at 12:xx.
    expect(body.find((row) => row[1] === '09:00')![neverLeft]).toBe('1');
    expect(body.find((row) => row[1] === '12:00')![unmatched]).toBe('2');
  });
});
