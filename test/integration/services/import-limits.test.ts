// Imports cannot stall the gate (issue: hardening): files are read in a worker thread with caps on rows and on
// inflated size, checked while inflating. Each test tries the attack and sees it refused.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import fc from 'fast-check';
import { openGate, type Gate } from '../../../electron/main/services/compose';
import { saveStationConfig } from '../../../electron/main/services/station-config';
import { importTable } from '../../../electron/main/services/imports/import-table';
import { TABLE_LIMITS } from '../../../electron/main/services/imports/zip-guard';
import { MAX_CSV_ROW_CHARS } from '../../../electron/main/services/imports/read-table';
import { csv, idNumber, type Table } from '../../support/roster-files';
import { deflatedZeros, entryOf, XLSX_FRAME, zip } from '../../support/zip';
import { sized } from '../../support/property';

let gate: Gate;
const clock = () => Date.parse('2026-11-20T10:00:00+08:00');
const deps = () => ({ rosters: gate.rosters, hashId: gate.hashId, clock });

beforeAll(async () => {
  gate = await openGate(join(mkdtempSync(join(tmpdir(), 'gatecheck-import-limits-')), 'data'), { clock });
  saveStationConfig(gate.settings, gate.packs, { venueName: '某小学', stationName: '东门', profile: { pack: 'cn-2022-12-07', venueKind: 'school' } });
});
afterAll(() => gate.close());

describe('imports/limits', () => {
  it('a 1 MB XLSX whose sheet inflates to 1 GiB is refused (TOO_LARGE) after inflating no more than the cap', async () => {
    const bomb = zip([...XLSX_FRAME, { name: 'xl/worksheets/sheet1.xml', deflated: await deflatedZeros(1024), size: 1024 * 1024 * 1024 }]);
    expect(bomb.length).toBeLessThan(1.1 * 1024 * 1024);
    const refused = importTable(deps(), 'roster', bomb, 'bomb.xlsx', false);
    await expect(refused).rejects.toMatchObject({ code: 'TOO_LARGE', detail: expect.stringContaining(`${TABLE_LIMITS.maxInflatedBytes / 1024 / 1024} MiB`) });
    expect(gate.rosters.counts().people).toBe(0);
  }, 60_000);

  it('many small entries that together inflate past the cap are refused too (the budget is shared)', async () => {
    const mib20 = await deflatedZeros(20);
    const entries = Array.from({ length: 6 }, (_, i) => ({ name: `xl/media/image${i}.bin`, deflated: mib20, size: 20 * 1024 * 1024 }));
    await expect(importTable(deps(), 'roster', zip([...XLSX_FRAME, ...entries]), 'many.xlsx', false)).rejects.toMatchObject({ code: 'TOO_LARGE' });
  }, 60_000);

  it('a 1,048,576-row sheet is refused by counting its rows, before any spreadsheet parser sees it', async () => {
    const rows = Array.from({ length: 1_048_576 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>x</t></is></c></row>`).join('');
    const sheet = entryOf('xl/worksheets/sheet1.xml', `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`);
    await expect(importTable(deps(), 'roster', zip([...XLSX_FRAME, sheet]), 'huge.xlsx', false)).rejects.toMatchObject({ code: 'TOO_LARGE', detail: expect.stringMatching(/1048576 rows/) });
  }, 60_000);

  it('a CSV one row longer than the cap (2,000,000 rows: it streams) is refused after reading one row past it', async () => {
    const text = '姓名,身份证号,类别\r\n' + '张三,,学生\r\n'.repeat(TABLE_LIMITS.maxCsvRows + 1);
    await expect(importTable(deps(), 'roster', Buffer.from(text), 'huge.csv', false)).rejects.toMatchObject({ code: 'TOO_LARGE', detail: expect.stringMatching(/more than 2000000 rows/) });
  }, 120_000);

  it('a file with a million bad rows lists the first 1,000 errors and counts them all', async () => {
    const text = '姓名,身份证号,类别\r\n' + '张三,,学生\r\n'.repeat(1_000_000);
    const report = await importTable(deps(), 'roster', Buffer.from(text), 'bad.csv', false);
    expect(report).toMatchObject({ valid: 0, rows: 1_000_000, errorRows: 1_000_000 });
    expect(report.errors).toHaveLength(1_000);
    expect(report.errors[999]!.row).toBe(1_001);
  }, 120_000);

  it('a broken GB18030 byte is a row error, not a name with "�" in it; the other rows import', async () => {
    const good = csv([['姓名', '身份证号', '类别'], ['李小明', idNumber(1), '学生'], ['BROKEN', idNumber(2), '学生'], ['王小红', idNumber(3), '学生']], 'gb18030');
    // Replace "BROKEN" with a GB18030 lead byte followed by a byte no GB18030 sequence allows.
    const at = good.indexOf('BROKEN');
    const bytes = Buffer.concat([good.subarray(0, at), Buffer.from([0x81, 0x20, 0x41]), good.subarray(at + 6)]);
    expect(iconv.decode(bytes, 'gb18030')).toContain('\uFFFD');
    const report = await importTable(deps(), 'roster', bytes, 'r.csv', true);
    expect(report).toMatchObject({ valid: 2, added: 2, errors: [{ row: 3, message: expect.stringMatching(/GB18030/) }] });
    expect(gate.rosters.byIdHash(gate.hashId(idNumber(2)))).toBeUndefined();
  });

  it('a scan during a long import is answered while the import is still running (the file is read off the main thread)', async () => {
    const table: Table = [['身份证号', '采样时间', '检测结果']];
    for (let i = 0; i < 150_000; i++) table.push([idNumber(i), '2026-11-19 08:00', '阴性']);
    const order: string[] = [];
    const importing = importTable(deps(), 'results', csv(table, 'utf8'), 'big.csv', true).then((r) => {
      order.push('import');
      return r;
    });
    await new Promise((r) => setTimeout(r, 50));
    const scanned = await gate.handlers.check({ code: 'VISITOR-DURING-IMPORT', category: 'visitor', source: 'wedge' });
    order.push('scan');
    expect(scanned.entryId).toBeGreaterThan(0);
    expect((await importing).valid).toBe(150_000);
    expect(order).toEqual(['scan', 'import']);
  }, 120_000);

  it('a CSV row longer than MAX_CSV_ROW_CHARS (an unclosed quote swallowing the file) is refused at its line, the rows before it read', async () => {
    const text = `姓名,身份证号,类别\r\n王芳,${idNumber(1)},学生\r\n李雷,"${'x'.repeat(MAX_CSV_ROW_CHARS)},学生\r\n韩梅梅,${idNumber(2)},学生\r\n`;
    await expect(importTable(deps(), 'roster', Buffer.from(text), 'unclosed.csv', false)).rejects.toMatchObject({ code: 'INVALID_INPUT', detail: expect.stringMatching(/unclosed\.csv: line 3: .*65536/) });
  }, 60_000);

  // Hostile tables of every kind: CSV cells with quotes, breaks, controls, formulas and BOMs, in UTF-8 or GB18030;
  // random bytes named .csv or .xlsx; workbooks whose parts hold random text. Each import (a preview or a commit)
  // resolves with a report or is refused with a stated code, never INTERNAL, and the worker never outlives it.
  // Each run starts a worker (about half a second here): a few runs in the suite; 600 were run by hand without a failure.
  it('any table, however broken, is read or refused with a stated code', async () => {
    const cell = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('姓名', '身份证号', '类别', '工牌', '学生', '教职工', idNumber(7), '"', '""', '\r\n', '\n', ',', '=cmd|x', '\u0000', '\ufeff'), fc.string({ unit: 'grapheme', maxLength: 10 }));
    const text = fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 30 }).map((rows) => rows.map((r) => r.join(',')).join('\r\n'));
    const header = fc.constantFrom('姓名,身份证号,类别,工牌\r\n', '姓名,身份证号,采样时间,结果\r\n', '', '\ufeff姓名,身份证号,类别\r\n');
    const file = fc.oneof(
      fc.tuple(header, text, fc.boolean()).map(([h, t, gb]) => ({ bytes: gb ? iconv.encode(h + t, 'gb18030') : Buffer.from(h + t), name: 'table.csv' })),
      fc.uint8Array({ maxLength: 2000 }).map((b) => ({ bytes: Buffer.from(b), name: 'table.csv' })),
      fc.uint8Array({ maxLength: 2000 }).map((b) => ({ bytes: Buffer.from(b), name: 'table.xlsx' })),
      fc.array(fc.tuple(fc.constantFrom('xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml', 'xl/workbook.xml', '[Content_Types].xml'), fc.string({ maxLength: 300 })), { maxLength: 3 })
        .map((parts) => ({ bytes: zip([...XLSX_FRAME, ...parts.map(([name, t]) => entryOf(name, t))]), name: 'table.xlsx' })),
    );
    await fc.assert(
      fc.asyncProperty(file, fc.constantFrom('roster', 'results'), fc.boolean(), async ({ bytes, name }, kind, commit) => {
        try {
          const report = await importTable({ ...deps(), idKey: gate.idKey() }, kind as 'roster' | 'results', new Uint8Array(bytes), name, commit);
          expect(report.rows).toBe(report.valid + report.errorRows);
        } catch (err) {
          expect((err as { code?: string }).code ?? 'no code').toMatch(/^(INVALID_INPUT|TOO_LARGE)$/);
        }
      }),
      sized(20),
    );
  }, 120_000);
});
