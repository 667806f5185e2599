// Importing the venue's roster and lab results from CSV (UTF-8 or GB18030, as Chinese Excel and WPS save it) or
// XLSX. A preview validates every row and writes nothing; a commit writes the valid rows in one transaction, keyed
// so that importing the same file again adds nothing twice. Full ID numbers are hashed and masked, never stored.
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { AppError } from '../../core/errors';
import { maskId } from '../../core/credentials/cn-id';
import { mapColumns, parseRows, type RowError, type TableKind } from '../../core/roster/columns';
import type { RostersRepo } from '../../db/rosters';
import type { ImportReport } from '../../api/contract';

export type { ImportReport };

type Cell = string | Date;

/** UTF-8 when the bytes are valid UTF-8 (with or without a BOM), else GB18030 (what Chinese Excel saves as "CSV"). */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
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

export async function readTable(bytes: Uint8Array, fileName: string): Promise<{ header: string[]; rows: Cell[][] }> {
  if (/\.xlsx$/i.test(fileName) || (bytes[0] === 0x50 && bytes[1] === 0x4b)) {
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
    return { header: header.map((h) => String(h)), rows };
  }
  const parsed = Papa.parse<string[]>(decodeText(bytes).replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const fatal = parsed.errors.find((e) => e.type === 'Quotes');
  if (fatal) throw new AppError('INVALID_INPUT', `${fileName}: row ${(fatal.row ?? 0) + 1}: ${fatal.message}`);
  const [header = [], ...rows] = parsed.data;
  return { header, rows };
}

export interface ImportDeps {
  rosters: RostersRepo;
  hashId: (id: string) => string;
  clock: () => number;
}

export async function importTable(deps: ImportDeps, kind: TableKind, bytes: Uint8Array, fileName: string, commit: boolean): Promise<ImportReport> {
  const { header, rows } = await readTable(bytes, fileName);
  const mapped = mapColumns(header, kind);
  if (!mapped.ok) {
    throw new AppError('INVALID_INPUT', `${fileName}: missing column(s) ${mapped.missing.join(', ')} (headers found: ${header.join(', ') || 'none'})`);
  }
  const report = (valid: number, added: number, errors: RowError[]): ImportReport => ({
    kind, rows: valid + new Set(errors.map((e) => e.row)).size, valid, added, errors, committed: commit,
  });
  if (kind === 'roster') {
    const { items, errors } = parseRows('roster', rows, mapped.columns);
    if (!commit) return report(items.length, 0, errors);
    const people = items.map((p) => ({
      name: p.name, category: p.category,
      ...(p.idNumber ? { idHash: deps.hashId(p.idNumber), idMasked: maskId(p.idNumber) } : {}),
      ...(p.badge ? { badge: p.badge } : {}), ...(p.phoneMasked ? { phoneMasked: p.phoneMasked } : {}),
    }));
    return report(items.length, deps.rosters.save(people, [], deps.clock()).people, errors);
  }
  const { items, errors } = parseRows('results', rows, mapped.columns);
  if (!commit) return report(items.length, 0, errors);
  const results = items.map((r) => {
    const idHash = r.idNumber ? deps.hashId(r.idNumber) : undefined;
    const who = idHash ?? `name:${r.name}`;
    const rowKey = createHash('sha256').update([who, r.sampledMs, r.method, r.result, r.ct ?? '', r.lab ?? ''].join('|')).digest('hex');
    return { sampledMs: r.sampledMs, method: r.method, result: r.result, rowKey, ...(idHash ? { idHash } : { name: r.name! }), ...(r.ct !== undefined ? { ct: r.ct } : {}), ...(r.lab ? { lab: r.lab } : {}) };
  });
  return report(items.length, deps.rosters.save([], results, deps.clock()).results, errors);
}
