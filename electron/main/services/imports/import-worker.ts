// The import worker: reads and checks a roster or lab-result table off the main process's thread, so a large or
// hostile file never stalls the gate. It reads the file in pieces (a CSV streams; an XLSX is bounded first), checks the
// rows a batch at a time and sends the valid ones to the main thread, which hashes ID numbers and writes them
// (import-table.ts) and asks for the next; the worker reads one batch ahead. Memory stays flat whatever the file's
// length. Asked, it checkpoints the register's WAL on a connection of its own, off the main thread. One file per
// worker; the worker then exits.
import { parentPort } from 'node:worker_threads';
import { checkpointFrom } from '../../../db/checkpoint';
import { AppError } from '../../../core/errors';
import { mapColumns, parseRows, type RowError } from '../../../core/roster/columns';
import { tableRows, type Cell } from './read-table';
import type { MainMessage, ParsedRow, WorkerMessage, WorkerRequest } from './worker-protocol';

/** Row errors a report lists (the count covers them all): a file with a million bad rows must not fill memory. */
export const MAX_LISTED_ERRORS = 1_000;
/** Valid rows a report shows. */
const PREVIEW_ROWS = 20;
const ENCODING_ERROR = '编码错误：不是有效的 GB18030 文字 / broken GB18030 bytes';

const post = (m: WorkerMessage) => parentPort!.postMessage(m);
// The main thread's messages once the request is in: `next` wakes the reader; `checkpoint` is answered at once.
const waiting: (() => void)[] = [];
const next = () => new Promise<void>((resolve) => waiting.push(resolve));
function onMessage(m: MainMessage): void {
  if (m.type === 'checkpoint') checkpoint(m.file, m.sqlite);
  else waiting.shift()?.();
}

/**
 * The register's WAL checkpointed here (db/checkpoint.ts), while the main thread goes on answering scans and writing
 * the import's next rows. A failure is reported, not thrown: the main thread then checkpoints itself.
 */
function checkpoint(file: string, sqlite: string): void {
  try {
    checkpointFrom(file, sqlite);
    post({ type: 'checkpointed' });
  } catch (err) {
    post({ type: 'checkpointed', failed: (err as Error).message });
  }
}

async function run(req: WorkerRequest): Promise<void> {
  let columns: Record<string, number> | undefined;
  let valid = 0;
  let errorRows = 0;
  const errors: RowError[] = [];
  const preview: ParsedRow[] = [];
  let batch: Cell[][] = [];
  let badRows: number[] = [];
  let rowNo = 2; // the header is row 1, as spreadsheets number them
  let written = Promise.resolve();

  const flush = async () => {
    const firstRow = rowNo - batch.length;
    const parsed = parseRows(req.kind, batch, columns!, firstRow);
    const found = [...parsed.errors, ...badRows.map((row) => ({ row, column: '', message: ENCODING_ERROR, en: { column: '', message: 'broken GB18030 bytes' } }))].sort((a, b) => a.row - b.row);
    errorRows += new Set(found.map((e) => e.row)).size;
    errors.push(...found.slice(0, MAX_LISTED_ERRORS - errors.length));
    valid += parsed.items.length;
    preview.push(...parsed.items.slice(0, PREVIEW_ROWS - preview.length));
    batch = [];
    badRows = [];
    // sends empty batches: the main thread sees the worker progressing and waits on.
    await written;
    post({ type: 'batch', items: req.commit ? parsed.items : [] });
    written = next();
  };

  for await (const { cells, bad } of tableRows(req.source, req.fileName, req.limits)) {
    if (!columns) {
      const header = cells.map(String);
      const mapped = mapColumns(header, req.kind);
      if (!mapped.ok) throw new AppError('INVALID_INPUT', `${req.fileName}: missing column(s) ${mapped.missing.join(', ')} (headers found: ${header.join(', ') || 'none'})`);
      columns = mapped.columns;
      continue;
    }
    if (bad) badRows.push(rowNo);
    batch.push(bad ? [] : cells);
    rowNo++;
    if (batch.length >= req.batchRows) await flush();
  }
  if (!columns) {
    const mapped = mapColumns([], req.kind);
    throw new AppError('INVALID_INPUT', `${req.fileName}: missing column(s) ${mapped.ok ? '' : mapped.missing.join(', ')} (headers found: none)`);
  }
  if (batch.length > 0) await flush();
  await written;
  post({ type: 'done', valid, errorRows, errors, preview });
}

parentPort?.once('message', (req: WorkerRequest) => {
  parentPort!.on('message', onMessage);
  run(req).catch((err: unknown) => {
    const code = err instanceof AppError ? err.code : 'INVALID_INPUT';
    const detail = err instanceof AppError ? err.detail ?? err.message : `${req.fileName}: ${(err as Error).message}`;
    post({ type: 'failed', code, detail });
  });
});
