// A checked row as the roster stores it: the ID number hashed (never kept whole) and masked for display, a lab
// result keyed by its content. The same on the main thread (an import into a collector) and in the import worker
// (which writes the roster's file itself).
import { createHash } from 'node:crypto';
import { maskId } from '../../../core/credentials/cn-id';
import type { ParsedPerson, ParsedResult } from '../../../core/roster/columns';
import type { LabResult, RosterPerson } from '../../../db/rosters';

export function storedPerson(hashId: (id: string) => string, p: ParsedPerson): RosterPerson {
  return {
    name: p.name, category: p.category,
    ...(p.idNumber ? { idHash: hashId(p.idNumber), idMasked: maskId(p.idNumber) } : {}),
    ...(p.badge ? { badge: p.badge } : {}), ...(p.phoneMasked ? { phoneMasked: p.phoneMasked } : {}),
  };
}

export function storedResult(hashId: (id: string) => string, r: ParsedResult): LabResult {
  const idHash = r.idNumber ? hashId(r.idNumber) : undefined;
  const who = idHash ?? `name:${r.name}`;
  const rowKey = createHash('sha256').update([who, r.sampledMs, r.method, r.result, r.ct ?? '', r.lab ?? ''].join('|')).digest('hex');
  return { sampledMs: r.sampledMs, method: r.method, result: r.result, rowKey, ...(idHash ? { idHash } : { name: r.name! }), ...(r.ct !== undefined ? { ct: r.ct } : {}), ...(r.lab ? { lab: r.lab } : {}) };
}
