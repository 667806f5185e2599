// The import worker: reads and checks a roster or lab-result table off the main process's thread, so a large or
// hostile file never stalls the gate. It gets the file's bytes and answers with the parsed rows and row errors; the
// main thread only hashes ID numbers and writes (import-table.ts). One file per worker; the worker then exits.
import { parentPort } from 'node:worker_threads';
import { AppError } from '../../../core/errors';
import { mapColumns, parseRows, type RowError, type TableKind } from '../../../core/roster/columns';
import { readTable } from './read-table';
import type { WorkerReply, WorkerRequest } from './worker-protocol';

async function handle(req: WorkerRequest): Promise<WorkerReply> {
  try {
    const { header, rows, badEncodingRows } = await readTable(new Uint8Array(req.bytes), req.fileName, req.limits);
    const mapped = mapColumns(header, req.kind as TableKind);
    if (!mapped.ok) {
      return { ok: false, code: 'INVALID_INPUT', detail: `${req.fileName}: missing column(s) ${mapped.missing.join(', ')} (headers found: ${header.join(', ') || 'none'})` };
    }
    const bad = new Set(badEncodingRows);
    const kept = rows.map((r, i) => (bad.has(i + 2) ? [] : r));
    // Rows emptied above are skipped by parseRows; their encoding error takes their place.
    const withEncoding = (errors: RowError[]) => [...errors, ...badEncodingRows.map((row) => ({ row, column: '', message: '编码错误：不是有效的 GB18030 文字 / broken GB18030 bytes' }))].sort((a, b) => a.row - b.row);
    if (req.kind === 'roster') {
      const parsed = parseRows('roster', kept, mapped.columns);
      return { ok: true, kind: 'roster', items: parsed.items, errors: withEncoding(parsed.errors) };
    }
    const parsed = parseRows('results', kept, mapped.columns);
    return { ok: true, kind: 'results', items: parsed.items, errors: withEncoding(parsed.errors) };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, code: err.code, detail: err.detail ?? err.message };
    return { ok: false, code: 'INVALID_INPUT', detail: `${req.fileName}: ${(err as Error).message}` };
  }
}

parentPort?.once('message', (req: WorkerRequest) => {
  void handle(req).then((reply) => parentPort!.postMessage(reply));
});
