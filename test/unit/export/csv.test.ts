import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { csvCell, csvLine, csvLines, toCsv } from '../../../electron/core/export/csv';
import { sized, timeoutFor } from '../../support/property';

/** Sized for two loaded cores (test/support/property.ts). */
const RUNS = 1000;

/** A strict reader for what toCsv writes: every field quoted, "" inside, CRLF between rows. */
function readCsv(text: string): string[][] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 1;
  while (i < text.length) {
    expect(text[i]).toBe('"');
    let cell = '';
    i++;
    for (;;) {
      if (text[i] === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
      } else if (text[i] === '"') {
        i++;
        break;
      } else {
        cell += text[i++];
      }
    }
    row.push(cell);
    if (text[i] === ',') i++;
    else {
      expect(text.slice(i, i + 2)).toBe('\r\n');
      i += 2;
      rows.push(row);
      row = [];
    }
  }
  return rows;
}

describe('export/csvCell', () => {
  it.each([
    ['plain', 'abc', '"abc"'],
    ['a quote doubled', 'say "hi"', '"say ""hi"""'],
    ['a formula neutralised', '=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ['plus', '+86 138', '"\'+86 138"'],
    ['minus', '-1', '"\'-1"'],
    ['at', '@SUM(A1)', '"\'@SUM(A1)"'],
    ['a leading tab', '\t=1', '"\'\t=1"'],
    ['a leading CR', '\r=1', '"\' =1"'],
    ['line breaks become spaces', 'a\r\nb\nc', '"a b c"'],
    ['a line break cannot hide a formula', '\n=cmd|\' /C calc\'!A0', '"\' =cmd|\' /C calc\'!A0"'],
    ['spaces cannot hide a formula', '  =1+1', '"\'  =1+1"'],
    ['a full-width equals sign is a formula too', '＝1+1', '"\'＝1+1"'],
    ['a full-width plus', '＋86', '"\'＋86"'],
    ['bidi controls are removed', '\u202Eexe.txt', '"exe.txt"'],
    ['isolates are removed', 'a\u2066b\u2069c', '"abc"'],
    ['NUL is removed', 'a\u0000b', '"ab"'],
    ['ESC and BEL are removed (a terminal reading the file)', 'a\u001b[31mb\u0007', '"a[31mb"'],
    ['the C1 next-line control U+0085 is removed', 'a\u0085b', '"ab"'],
    ['zero-width characters and marks U+200B–200F are removed', 'a\u200bb\u200cc\u200dd\u200ee\u200ff', '"abcdef"'],
    ['a line separator and a stray BOM are removed', 'a\u2028b\ufeffc', '"abc"'],
    ['a zero-width space cannot hide a formula', '\u200b=1+1', '"\'=1+1"'],
    ['Chinese', '张三', '"张三"'],
    ['empty for null', null, '""'],
    ['a number', 12.5, '"12.5"'],
    ['zero', 0, '"0"'],
    ['a negative number is neutralised like its text', -3, '"\'-3"'],
    ['negative infinity too', -Infinity, '"\'-Infinity"'],
    ['not a number', NaN, '"NaN"'],
    ['a digit first', '1号岗', '"1号岗"'],
    ['a Han character first, a quote later', '王"芳', '"王""芳"'],
  ])('%s', (_n, value, expected) => expect(csvCell(value)).toBe(expected));
});

describe('export/toCsv', () => {
  it('writes a BOM, quoted headers in the chosen language and CRLF rows', () => {
    const text = toCsv([{ a: 1, b: 'x' }], [{ zh: '甲', en: 'A', value: (r) => r.a }, { zh: '乙', en: 'B', value: (r) => r.b }], 'en');
    expect(text).toBe('\uFEFF"A","B"\r\n"1","x"\r\n');
  });

  it('no cell can start a formula or break a row, and every value reads back (property)', { timeout: timeoutFor(RUNS) }, () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('=1+1', '+x', '-3', '@a', '\t', '\r\n', '"', '""', ',', '\n=cmd|', ' =1', '＝1', '\u202E=1', '\u0000@x')), { minLength: 3, maxLength: 3 }), { maxLength: 20 }), (rows) => {
        const text = toCsv(rows, [0, 1, 2].map((i) => ({ zh: `列${i}`, en: `c${i}`, value: (r: string[]) => r[i] })));
        const back = readCsv(text);
        expect(back).toHaveLength(rows.length + 1);
        for (const [r, row] of rows.entries()) {
          for (const [c, original] of row.entries()) {
            const cell = back[r + 1]![c]!;
            // No cell a spreadsheet would run, none that breaks a row, none with hidden controls.
            expect(cell).not.toMatch(/^\s*[=+\-@＝＋－＠]/);
            // eslint-disable-next-line no-control-regex -- no control (but tab) may be left in a cell
            expect(cell).not.toMatch(/[\r\n\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u2028\u2029\u202A-\u202E\u2060-\u2069\uFEFF]/);
            // And nothing else changes: the value reads back but for those characters and the apostrophe.
            // eslint-disable-next-line no-control-regex -- what the export removes
            const shown = original.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u2028\u2029\u202A-\u202E\u2060-\u2069\uFEFF]/g, '').replace(/\r\n|\r|\n/g, ' ');
            expect(cell.startsWith("'") && cell.slice(1) === shown ? shown : cell).toBe(shown);
          }
        }
      }),
      sized(RUNS),
    );
  });
});

describe('export/csvLines', () => {
  it('writes every line as csvLine does, a value repeated from the row before or not (property)', { timeout: timeoutFor(RUNS) }, () => {
    // Few distinct values, so most cells repeat the row before; numbers beside their text, formulas, controls.
    const value = fc.constantFrom<string | number | null | undefined>('1号岗', '王芳', '=1+1', '-3', -3, 3, 0, '', null, undefined, '\u202E=1', 'a"b', NaN, '＝1');
    fc.assert(
      fc.property(fc.array(fc.array(value, { minLength: 4, maxLength: 4 }), { maxLength: 30 }), (rows) => {
        const columns = [0, 1, 2, 3].map((i) => ({ zh: `列${i}`, en: `c${i}`, value: (r: (string | number | null | undefined)[]) => r[i] }));
        const line = csvLines(columns);
        expect(rows.map((r) => line(r))).toEqual(rows.map((r) => csvLine(r, columns)));
      }),
      sized(RUNS),
    );
  });
});
