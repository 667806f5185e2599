// A look inside an XLSX (a ZIP) before any spreadsheet library opens it: every entry is inflated against one budget,
// checked while inflating (zlib's maxOutputLength), so a 1 MB file that inflates to 1 GB is refused after reading at
// most the budget; and the worksheets' rows are counted, so a 1,048,576-row sheet is refused before it is parsed.
import { inflateRawSync } from 'node:zlib';
import { AppError } from '../../../core/errors';

export interface TableLimits {
  /** Data rows an XLSX may have (the header not counted): a workbook is parsed whole. */
  maxRows: number;
  /** Data rows a CSV may have: it streams, so only time grows with it. */
  maxCsvRows: number;
  /** Bytes all the entries of an XLSX may inflate to, together. */
  maxInflatedBytes: number;
  /** Entries an XLSX may hold. */
  maxEntries: number;
  /** The import worker's heap (MB): a file that still outgrows it ends the worker, not the app. */
  workerHeapMb: number;
}

export const TABLE_LIMITS: TableLimits = { maxRows: 200_000, maxCsvRows: 2_000_000, maxInflatedBytes: 80 * 1024 * 1024, maxEntries: 1_000, workerHeapMb: 256 };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function findEndOfCentralDirectory(b: Buffer): number {
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) if (b.readUInt32LE(i) === EOCD) return i;
  throw new AppError('INVALID_INPUT', 'not a ZIP file (no end of central directory)');
}

/** Inflates each entry of a ZIP within the limits; returns the worksheets' row counts. Throws TOO_LARGE or INVALID_INPUT. */
export function inspectXlsx(bytes: Uint8Array, limits: TableLimits = TABLE_LIMITS): { entries: number; inflatedBytes: number; sheetRows: number[] } {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndOfCentralDirectory(b);
  const count = b.readUInt16LE(end + 10);
  let at = b.readUInt32LE(end + 16);
  if (count === 0xffff || at === 0xffffffff) throw new AppError('INVALID_INPUT', 'ZIP64 archives are not read (a spreadsheet does not need one)');
  if (count > limits.maxEntries) throw new AppError('TOO_LARGE', `${count} entries in the archive (at most ${limits.maxEntries})`);
  let inflatedBytes = 0;
  const sheetRows: number[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > b.length || b.readUInt32LE(at) !== CENTRAL) throw new AppError('INVALID_INPUT', 'damaged ZIP central directory');
    const method = b.readUInt16LE(at + 10);
    const compressed = b.readUInt32LE(at + 20);
    const nameLength = b.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + b.readUInt16LE(at + 30) + b.readUInt16LE(at + 32);
    const name = b.toString('utf8', at + 46, at + 46 + nameLength);
    const local = b.readUInt32LE(at + 42);
    if (local + 30 > b.length || b.readUInt32LE(local) !== LOCAL) throw new AppError('INVALID_INPUT', `damaged ZIP entry ${name}`);
    const start = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
    if (start + compressed > b.length) throw new AppError('INVALID_INPUT', `ZIP entry ${name} runs past the end of the file`);
    const data = b.subarray(start, start + compressed);
    const budget = limits.maxInflatedBytes - inflatedBytes;
    let content: Buffer;
    if (method === 0) content = data;
    else if (method === 8) {
      try {
        content = inflateRawSync(data, { maxOutputLength: Math.max(1, budget) });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
          throw new AppError('TOO_LARGE', `the spreadsheet inflates to more than ${limits.maxInflatedBytes / 1024 / 1024} MiB`);
        }
        throw new AppError('INVALID_INPUT', `ZIP entry ${name} does not inflate (${(err as Error).message})`);
      }
    } else throw new AppError('INVALID_INPUT', `ZIP entry ${name} uses compression method ${method}`);
    inflatedBytes += content.length;
    if (inflatedBytes > limits.maxInflatedBytes) throw new AppError('TOO_LARGE', `the spreadsheet inflates to more than ${limits.maxInflatedBytes / 1024 / 1024} MiB`);
    if (/^xl\/worksheets\/[^/]+\.xml$/i.test(name)) {
      const rows = countRows(content);
      if (rows - 1 > limits.maxRows) throw new AppError('TOO_LARGE', `${name}: ${rows} rows (at most ${limits.maxRows} besides the header)`);
      sheetRows.push(rows);
    }
    at = next;
  }
  return { entries: count, inflatedBytes, sheetRows };
}

/** `<row` elements in a worksheet's XML (`<row>` or `<row …>`, not `<rowBreaks>`). */
function countRows(xml: Buffer): number {
  let n = 0;
  for (let i = xml.indexOf('<row'); i >= 0; i = xml.indexOf('<row', i + 4)) {
    const c = xml[i + 4];
    if (c === 0x20 || c === 0x3e || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x2f) n++;
  }
  return n;
}
