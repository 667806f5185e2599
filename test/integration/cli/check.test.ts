import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../../support/cli';
import { csv, idNumber } from '../../support/roster-files';
import { openDatabase } from '../../../electron/db/connection';

describe('cli/check', () => {
  it('decodes, evaluates and records, printing the verdict with clause ids and the entry id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatecheck-cli-check-'));
    writeFileSync(join(dir, 'p.json'), JSON.stringify({ pack: 'cn-2022-12-07', venueKind: 'medical' }));
    const r = await cli('check', '--data-dir', join(dir, 'data'), '--profile', join(dir, 'p.json'), '--category', 'patient', '--now', '2026-11-20T10:00:00+08:00', '--operator', '王芳', 'UNREADABLE-CODE');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out).toMatchObject({ entryId: 1, outcome: 'route', route: 'on-site-test', format: 'opaque' });
    expect(out.citations).toEqual(expect.arrayContaining(['Q3', 'N101-17']));
    const search = JSON.parse((await cli('search', '--data-dir', join(dir, 'data'), '--outcome', 'route')).out);
    expect(search).toEqual([expect.objectContaining({ id: 1, operator: '王芳', category: 'patient' })]);
  });

  it('is refused while another process holds the register, and finds roster people by ID number', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatecheck-cli-check-'));
    writeFileSync(join(dir, 'p.json'), JSON.stringify({ pack: 'cn-2022-12-07', venueKind: 'school' }));
    writeFileSync(join(dir, 'roster.csv'), csv([['姓名', '身份证号', '类别'], ['李小明', idNumber(3), '学生']], 'gb18030'));
    expect((await cli('import', '--data-dir', join(dir, 'data'), '--roster', join(dir, 'roster.csv'))).code).toBe(0);
    const found = JSON.parse((await cli('check', '--data-dir', join(dir, 'data'), '--profile', join(dir, 'p.json'), '--category', 'visitor', idNumber(3))).out);
    expect(found).toMatchObject({ holder: { name: '李小明' }, outcome: 'need' });
    const held = openDatabase(join(dir, 'data'));
    try {
      const r = await cli('check', '--data-dir', join(dir, 'data'), '--profile', join(dir, 'p.json'), '--category', 'visitor', 'X-1');
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/DB_LOCKED_BY_OTHER_PROCESS/);
    } finally {
      held.close();
    }
  });
});
