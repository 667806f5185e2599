// Roster and lab-result files as venues send them: CSV in UTF-8 (with BOM) or GB18030, and XLSX.
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

export type Table = (string | number | Date)[][];

export function csv(table: Table, encoding: 'utf8' | 'gb18030'): Buffer {
  const text = table.map((r) => r.map((c) => `"${String(c instanceof Date ? c.toISOString() : c).replace(/"/g, '""')}"`).join(',')).join('\r\n') + '\r\n';
  return encoding === 'utf8' ? Buffer.from(`\uFEFF${text}`, 'utf8') : iconv.encode(text, 'gb18030');
}

export async function xlsx(table: Table): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名单');
  for (const row of table) ws.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A valid ID number (GB 11643 check digit computed), distinct for every n below 10,000,000: a birth date from 1940 on
 *  per thousand, a sequence number within it. */
export function uniqueIdNumber(n: number): string {
  const born = new Date(Date.UTC(1940, 0, 1) + Math.floor(n / 1000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  return withCheckDigit(`110105${born}${String(n % 1000).padStart(3, '0')}`);
}

function withCheckDigit(base: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...base].reduce((a, d, i) => a + Number(d) * w[i]!, 0);
  return base + '10X98765432'[sum % 11];
}

/** Valid ID numbers (GB 11643 check digit computed), distinct for n below 21,000 (they repeat after that). */
export function idNumber(n: number): string {
  const base = `110105${1960 + (n % 40)}${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`;
  return withCheckDigit(base);
}
