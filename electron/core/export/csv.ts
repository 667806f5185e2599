// The daily register as CSV for Chinese Excel and WPS: UTF-8 with BOM, CRLF, every field quoted, and no cell that a
// spreadsheet could run as a formula (CSV injection) or that could break a row. Pure: rows in, text out.

export type CsvLanguage = 'zh' | 'en';

/** A value that starts with one of these is neutralised with a leading apostrophe (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: line breaks become spaces (a cell never breaks a row), formulas are neutralised, quotes doubled. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  s = s.replace(/\r\n|\r|\n/g, ' ');
  return `"${s.replace(/"/g, '""')}"`;
}

export interface CsvColumn<Row> {
  zh: string;
  en: string;
  value: (row: Row) => string | number | null | undefined;
}

export function toCsv<Row>(rows: readonly Row[], columns: readonly CsvColumn<Row>[], language: CsvLanguage = 'zh'): string {
  const lines = [columns.map((c) => csvCell(c[language])).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.value(row))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
