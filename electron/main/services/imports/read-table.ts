// Reading a roster or lab-result table: CSV in UTF-8 or GB18030 (what Chinese Excel and WPS save as "CSV"), or XLSX
// after zip-guard.ts has bounded it. Runs in the import worker, off the main process's thread.
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { AppError } from '../../../core/errors';
import { inspectXlsx, TABLE_LIMITS, type TableLimits } from './zip-guard';

export type Cell = string | Date;

export interface Table {
  header: string[];
  rows: Cell[][];
  /** Data rows (1-based, as in the file) whose bytes are not valid GB18030: reported as row errors, never read as "�". */
  badEncodingRows: number[];
}

/** UTF-8 when the bytes are valid UTF-8 (with or without a BOM), else GB18030 (and whether any byte was broken). */
export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gb18030' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

function cellValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return cellValue(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text);
    return '';
  }
  return String(v);
}

const isXlsx = (bytes: Uint8Array, fileName: string) => /\.xlsx$/i.test(fileName) || (bytes[0] === 0x50 && bytes[1] === 0x4b);

export async function readTable(bytes: Uint8Array, fileName: string, limits: TableLimits = TABLE_LIMITS): Promise<Table> {
  if (isXlsx(bytes, fileName)) {
    inspectXlsx(bytes, limits);
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(Buffer.from(bytes) as never);
    } catch (err) {
      throw new AppError('INVALID_INPUT', `${fileName}: not a readable XLSX file (${(err as Error).message})`);
    }
    const sheet = wb.worksheets[0];
    if (!sheet) throw new AppError('INVALID_INPUT', `${fileName}: the workbook has no sheet`);
    const all: Cell[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => {
      const values = row.values as ExcelJS.CellValue[];
      all.push(values.slice(1).map(cellValue));
    });
    const [header = [], ...rows] = all;
    return { header: header.map((h) => String(h)), rows, badEncodingRows: [] };
  }
  const { text, encoding } = decodeText(bytes);
  // One row past the limit is enough to know the file is too long; the rest is never parsed.
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy', preview: limits.maxRows + 2 });
  const fatal = parsed.errors.find((e) => e.type === 'Quotes');
  if (fatal) throw new AppError('INVALID_INPUT', `${fileName}: row ${(fatal.row ?? 0) + 1}: ${fatal.message}`);
  const [header = [], ...rows] = parsed.data;
  if (rows.length > limits.maxRows) throw new AppError('TOO_LARGE', `${fileName}: more than ${limits.maxRows} rows`);
  // A GB18030 decode puts U+FFFD where a byte sequence is broken: that row is an error, not a name with "�" in it.
  const badEncodingRows = encoding === 'gb18030' ? rows.flatMap((r, i) => (r.some((c) => c.includes('\uFFFD')) ? [i + 2] : [])) : [];
  return { header, rows, badEncodingRows };
}
