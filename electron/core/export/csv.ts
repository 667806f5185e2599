// The daily register as CSV for Chinese Excel and WPS: UTF-8 with BOM, CRLF, every field quoted, and no cell that a
// spreadsheet could run as a formula (CSV injection) or that could break a row. Pure: rows in, text out.

export type CsvLanguage = 'zh' | 'en';

/**
 * A value that starts (after any white space) with one of these is neutralised with a leading apostrophe (OWASP CSV
 * injection); the full-width forms count too, since spreadsheets in Chinese locales read `＝` as `=`.
 */
const FORMULA_START = /^\s*[=+\-@＝＋－＠]/;
/** NUL, and the bidi controls that can make a cell read differently from what it holds (U+202A–202E, U+2066–2069). */
// eslint-disable-next-line no-control-regex -- NUL is one of the characters this removes
const HIDDEN = /[\u0000\u202A-\u202E\u2066-\u2069]/g;
/** Anything a cell must have removed, replaced or doubled: the hidden controls, line breaks and quotes. */
// eslint-disable-next-line no-control-regex -- NUL is one of the characters this finds
const NEEDS_WORK = /[\u0000\u202A-\u202E\u2066-\u2069\r\n"]/;

/**
 * One cell: hidden controls removed, line breaks made spaces (a cell never breaks a row) before the formula check (so
 * `"\n=cmd|…"` cannot slip past it), formulas neutralised, quotes doubled.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  // Most cells hold none of these: one test, not three rewrites (an export writes some two million cells a day).
  if (!NEEDS_WORK.test(s) && !FORMULA_START.test(s)) return `"${s}"`;
  s = s.replace(HIDDEN, '').replace(/\r\n|\r|\n/g, ' ');
  if (FORMULA_START.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
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

export function toCsv<Row>(rows: readonly Row[], columns: readonly CsvColumn<Row>[], language: CsvLanguage = 'zh'): string {
  return csvHead(columns, language) + rows.map((row) => csvLine(row, columns)).join('');
}
