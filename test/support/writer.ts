// A register writer for crash tests: writes entries through the app's write path as fast as it can and prints
// "ack <id>" after each commit returns (stdout to a pipe is synchronous on Linux). The parent kills it with SIGKILL.
import { openDatabase } from '../../electron/db/connection';
import { createEntriesRepo } from '../../electron/db/entries';

const db = openDatabase(process.argv[2]!);
const entries = createEntriesRepo(db);
process.stdout.write('ready\n');
for (let n = 0; ; n++) {
  const id = entries.insert({
    atMs: Date.now(), localDay: '2026-11-20', station: `writer-${process.pid}`, packId: 'cn-2022-12-07', packVersion: 1, venueKind: 'medical',
    category: 'patient', outcome: 'admit', citations: ['Q3'], evidenceSummary: { kinds: ['test'], sources: ['verified'] }, note: `n=${n}`, format: 'eu-dcc', name: `患者${n}`,
    payloadFingerprint: n.toString(16).padStart(64, '0'),
  });
  process.stdout.write(`ack ${id}\n`);
}
