import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, cliWith } from '../../support/cli';
import { csv, idNumber } from '../../support/roster-files';

/** A school's data folder with one roster person (李小明) checked once by ID number, on 2026-11-20. */
async function checkedFolder(): Promise<{ data: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'gatecheck-cli-register-'));
  const data = join(dir, 'data');
  writeFileSync(join(dir, 'p.json'), JSON.stringify({ pack: 'cn-2022-12-07', venueKind: 'school' }));
  writeFileSync(join(dir, 'roster.csv'), csv([['姓名', '身份证号', '类别'], ['李小明', idNumber(3), '学生']], 'utf8'));
  expect((await cli('import', '--data-dir', data, '--roster', join(dir, 'roster.csv'))).code).toBe(0);
  expect((await cli('check', '--data-dir', data, '--profile', join(dir, 'p.json'), '--category', 'visitor', '--now', '2026-11-20T10:00:00+08:00', idNumber(3))).code).toBe(0);
  return { data, dir };
}

describe('cli/search and cli/export go through the screen\'s handlers', () => {
  it('search prints names masked as the screen shows them, and finds a person by full ID number', async () => {
    const { data } = await checkedFolder();
    const r = await cli('search', '--data-dir', data, '--id', idNumber(3));
    expect(r.code).toBe(0);
    const found = JSON.parse(r.out) as { name?: string; idMasked?: string }[];
    expect(found).toHaveLength(1);
    expect(found[0]!.name).toBe('李**');
    expect(r.out).not.toContain('李小明');
    expect(r.out).not.toContain(idNumber(3));
  });

  it('a bad filter is a usage error naming the field, with exit code 2', async () => {
    const { data } = await checkedFolder();
    const r = await cli('search', '--data-dir', data, '--outcome', 'maybe');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/outcome/);
  });

  it('export writes the CSV through the same handler (names masked) and an unmasked one needs the right admin PIN', async () => {
    const { data, dir } = await checkedFolder();
    const out = join(dir, 'out');
    const r = await cli('export', '--data-dir', data, '--day', '2026-11-20', '--out', out);
    expect(r.code).toBe(0);
    const text = readFileSync(r.out.trim(), 'utf8');
    expect(text).toContain('"李**"');
    expect(text).not.toContain('李小明');
    const wrong = await cliWith({ env: { GATECHECK_ADMIN_PIN: '000000' } }, 'export', '--data-dir', data, '--day', '2026-11-20', '--out', out, '--unmasked');
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/WRONG_PIN/);
  });
});
