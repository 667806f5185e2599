// Reading a roster or lab-result table: CSV in UTF-8 or GB18030 (what Chinese Excel and WPS save as "CSV"), or XLSX
// after zip-guard.ts has bounded it. Runs in the import worker, off the main process's thread. A CSV is read in pieces
// and parsed as it streams (csv-parse), twice: once to tell its encoding, once for the rows; nothing of it is kept.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { AppError } from '../../../core/errors';
import { inspectXlsx, TABLE_LIMITS, type TableLimits } from './zip-guard';
import type { ImportSource } from './worker-protocol';

export type Cell = string | Date;

/** One row of the file: its cells, and whether its bytes were broken GB18030 (a row error, never read as "�"). */
export interface TableRow {
  cells: Cell[];
  bad: boolean;
}

/**
 * The file read in pieces of this size. A piece's text stays under V8's large-object size (128 KiB: 32 KiB of UTF-8
 * is at most 32 Ki characters, 64 KiB as two-byte text), so it dies young instead of filling the old generation: with
 * pieces of 1 MiB the million-row import peaked 10–20 MB higher, no faster (measured in the benchmark).
 */
const PIECE_BYTES = 1 << 15;

async function* pieces(source: ImportSource): AsyncGenerator<Uint8Array> {
  if ('bytes' in source) {
    const all = new Uint8Array(source.bytes);
    for (let at = 0; at < all.length; at += PIECE_BYTES) yield all.subarray(at, at + PIECE_BYTES);
    return;
  }
  for await (const piece of createReadStream(source.path, { highWaterMark: PIECE_BYTES })) yield piece as Buffer;
}

async function readWhole(source: ImportSource, fileName: string, maxBytes: number): Promise<Uint8Array> {
  if ('bytes' in source) return new Uint8Array(source.bytes);
  if ((await stat(source.path)).size > maxBytes) throw new AppError('TOO_LARGE', `${fileName}: larger than ${maxBytes / 1024 / 1024} MiB`);
  const parts: Uint8Array[] = [];
  for await (const p of pieces(source)) parts.push(p);
  return Buffer.concat(parts);
}

/** UTF-8 when every byte is valid UTF-8 (with or without a BOM), else GB18030: one pass over the file, nothing kept. */
async function encodingOf(source: ImportSource): Promise<'utf-8' | 'gb18030'> {
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  for await (const piece of pieces(source)) {
    try {
      utf8.decode(piece, { stream: true });
    } catch {
      return 'gb18030';
    }
  }
  try {
    utf8.decode();
  } catch {
    return 'gb18030';
  }
  return 'utf-8';
}

async function* csvText(source: ImportSource, encoding: 'utf-8' | 'gb18030'): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding);
  let first = true;
  for await (const piece of pieces(source)) {
    let text = decoder.decode(piece, { stream: true });
    if (first && text) {
      text = text.replace(/^\uFEFF/, '');
      first = false;
    }
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** The longest CSV row read (characters): a roster's row is a few dozen; a spreadsheet cell holds at most 32,767. */
export const MAX_CSV_ROW_CHARS = 65_536;

async function* csvRows(source: ImportSource, fileName: string, limits: TableLimits): AsyncGenerator<TableRow> {
  const encoding = await encodingOf(source);
  // Lenient as spreadsheets are: rows of any length, a stray quote inside a field; lines with nothing in them are not rows.
  // A row of more than MAX_CSV_ROW_CHARS (an unclosed quote swallowing the rest of the file, a cell of pages) is
  // refused where it is, not gathered into the worker's heap.
  const parser = Readable.from(csvText(source, encoding)).pipe(parse({ relax_column_count: true, relax_quotes: true, skip_empty_lines: true, skip_records_with_empty_values: true, max_record_size: MAX_CSV_ROW_CHARS }));
  let rows = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      // One row past the limit is enough to know the file is too long; the rest is never parsed.
      if (++rows > limits.maxCsvRows + 1) throw new AppError('TOO_LARGE', `${fileName}: more than ${limits.maxCsvRows} rows`);
      yield { cells, bad: encoding === 'gb18030' && cells.some((c) => c.includes('\uFFFD')) };
    }
  } catch (err) {
    if (err instanceof CsvError) throw new AppError('INVALID_INPUT', `${fileName}: line ${(err as CsvError & { lines?: number }).lines ?? '?'}: ${err.message}`);
    throw err;
  } finally {
    parser.destroy();
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

async function* xlsxRows(bytes: Uint8Array, fileName: string, limits: TableLimits): AsyncGenerator<TableRow> {
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
  for (const cells of all) yield { cells, bad: false };
}

const ZIP_MAGIC = [0x50, 0x4b];

async function looksLikeXlsx(source: ImportSource, fileName: string): Promise<boolean> {
  if (/\.xlsx$/i.test(fileName)) return true;
  for await (const piece of pieces(source)) return piece[0] === ZIP_MAGIC[0] && piece[1] === ZIP_MAGIC[1];
  return false;
}

/**
 * The rows of a table file, the header first. An XLSX is read whole, within the limits zip-guard.ts checks (its size on
 * disk included); a CSV streams.
 */
export async function* tableRows(source: ImportSource, fileName: string, limits: TableLimits = TABLE_LIMITS): AsyncGenerator<TableRow> {
  if (await looksLikeXlsx(source, fileName)) yield* xlsxRows(await readWhole(source, fileName, limits.maxInflatedBytes), fileName, limits);
  else yield* csvRows(source, fileName, limits);
}
