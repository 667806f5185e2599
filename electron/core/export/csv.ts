// The daily register as CSV for Chinese Excel and WPS: UTF-8 with BOM, CRLF, every field quoted, and no cell that a
// spreadsheet could run as a formula (CSV injection) or that could break a row. Pure: rows in, text out.

export type CsvLanguage = 'zh' | 'en';

/**
 * A value that starts (after any white space) with one of these is neutralised with a leading apostrophe (OWASP CSV
 * injection); the full-width forms count too, since spreadsheets in Chinese locales read `＝` as `=`.
 */
const FORMULA_START = /^\s*[=+\-@＝＋－＠]/;
/**
 * What a cell must never carry: C0 controls but for tab and line breaks (NUL, ESC, BEL…), DEL and the C1 controls
 * (U+0085 NEL among them), zero-width characters and marks (U+200B–200F), the line and paragraph separators, the bidi
 * controls (U+202A–202E, U+2066–2069) and a stray BOM: characters that make a cell read differently from what it holds.
 */
// eslint-disable-next-line no-control-regex -- the controls are what this removes
const HIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u2028\u2029\u202A-\u202E\u2060-\u2069\uFEFF]/g;
/** Anything a cell must have removed, replaced or doubled: the hidden characters, line breaks and quotes. */
// eslint-disable-next-line no-control-regex -- the controls are what this finds
const NEEDS_WORK = /[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u2028\u2029\u202A-\u202E\u2060-\u2069\uFEFF"]/;

/**
 * One cell: hidden controls removed, line breaks made spaces (a cell never breaks a row) before the formula check (so
 * `"\n=cmd|…"` cannot slip past it), formulas neutralised, quotes doubled.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  // A number that is not negative is digits (and a point, an exponent, NaN or Infinity): nothing to neutralise.
  if (typeof value === 'number' && !(value < 0)) return `"${value}"`;
  let s = value === null || value === undefined ? '' : String(value);
  // Most cells hold none of these: one test, not three rewrites (an export writes some two million cells a day).
  // A cell starting with a letter, a digit or a Han character cannot be a formula: the regular expression is spared.
  if (!NEEDS_WORK.test(s) && (plainStart(s.charCodeAt(0)) || !FORMULA_START.test(s))) return `"${s}"`;
  s = s.replace(HIDDEN, '').replace(/\r\n|\r|\n/g, ' ');
  if (FORMULA_START.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

/** A first character that is neither white space nor one a formula starts with: an ASCII letter or digit, or Han. */
function plainStart(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x3400 && c <= 0x9fff);
}

export interface CsvColumn<Row> {
  zh: string;
  en: string;
  value: (row: Row) => string | number | null | undefined;
}

/** The file's start: the byte-order mark (Excel reads UTF-8 by it) and the header line. */
export function csvHead<Row>(columns: readonly CsvColumn<Row>[], language: CsvLanguage = 'zh'): string {
  return `\uFEFF${columns.map((c) => csvCell(c[language])).join(',')}\r\n`;
}

/** One row's line. */
export function csvLine<Row>(row: Row, columns: readonly CsvColumn<Row>[]): string {
  return `${columns.map((c) => csvCell(c.value(row))).join(',')}\r\n`;
}

/**
 * The lines of many rows, as csvLine writes them: a column whose value is the one it had on the row before reuses that
 * row's cell (a day's station, operator, outcome, clauses and policy pack mostly repeat from row to row).
 */
export function csvLines<Row>(columns: readonly CsvColumn<Row>[]): (row: Row) => string {
  const lastValue: unknown[] = columns.map(() => undefined);
  const lastCell: string[] = columns.map(() => csvCell(undefined));
  return (row) => {
    const cells = new Array<string>(columns.length);
    for (let i = 0; i < columns.length; i++) {
      const v = columns[i]!.value(row);
      if (v !== lastValue[i]) {
        lastValue[i] = v;
        lastCell[i] = csvCell(v);
      }
      cells[i] = lastCell[i]!;
    }
    return `${cells.join(',')}\r\n`;
  };
}

export function toCsv<Row>(rows: readonly Row[], columns: readonly CsvColumn<Row>[], language: CsvLanguage = 'zh'): string {
  return csvHead(columns, language) + rows.map(csvLines(columns)).join('');
}
