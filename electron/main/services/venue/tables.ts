// Rosters and lab results as the venue publishes them: read and checked on the admin's machine by the same import as a
// station's, ID numbers fingerprinted there with the venue's key, phone numbers dropped, names masked unless the venue
// chooses to send them (`--with-names`). What reaches the server and the stations is fingerprints and categories; a
// server dump gives back no ID number or phone number.
import { z } from 'zod';
import { AppError } from '../../../core/errors';
import { CATEGORIES, TEST_METHODS, TEST_RESULTS } from '../../../core/rules/types';
import type { TableKind } from '../../../core/roster/columns';
import type { LabResult, RosterPerson, RostersRepo } from '../../../db/rosters';
import { venueIdMask } from '../../../core/venue/protocol';
import { importTable, type ImportReport } from '../imports/import-table';
import { idHasher } from '../install-secret';
import { maskName } from '../register';
import { formatZodError } from '../../../core/zod-error';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const personSchema = z.strictObject({
  idHash: hex64.optional(), idMasked: z.string().max(40).optional(), name: z.string().max(100), category: z.enum(CATEGORIES),
  badge: z.string().max(64).optional(),
});
const resultSchema = z.strictObject({
  idHash: hex64.optional(), name: z.string().max(100).optional(), sampledMs: z.number().int(), method: z.enum(TEST_METHODS),
  result: z.enum(TEST_RESULTS), ct: z.number().optional(), lab: z.string().max(100).optional(), rowKey: hex64,
});
export const venueTableSchema = z.strictObject({
  format: z.literal('gatecheck-venue-table'),
  v: z.literal(1),
  kind: z.enum(['roster', 'results']),
  people: z.array(personSchema).max(1_000_000),
  results: z.array(resultSchema).max(1_000_000),
});
export type VenueTable = z.infer<typeof venueTableSchema>;

/** Reads a roster or results file (CSV or XLSX) into the venue's table, fingerprinted with the venue's key. */
export async function venueTableOf(kind: TableKind, path: string, fingerprintKey: Buffer, withNames: boolean): Promise<{ table: VenueTable; report: ImportReport }> {
  const people: RosterPerson[] = [];
  const results: LabResult[] = [];
  const collector = {
    save(p: RosterPerson[], r: LabResult[]) {
      people.push(...p);
      results.push(...r);
      return { people: p.length, results: r.length };
    },
  } as unknown as RostersRepo;
  const report = await importTable({ rosters: collector, hashId: idHasher(fingerprintKey), clock: Date.now }, kind, { path }, path, true);
  const table: VenueTable = {
    format: 'gatecheck-venue-table', v: 1, kind,
    people: people.map((p) => ({
      name: withNames ? p.name : maskName(p.name), category: p.category,
      ...(p.idHash ? { idHash: p.idHash } : {}), ...(p.idMasked ? { idMasked: venueIdMask(p.idMasked)! } : {}),
      ...(p.badge ? { badge: p.badge } : {}),
    })),
    // A result with no ID number is matched by name: it goes only where the venue sends names.
    results: results.filter((r) => r.idHash || withNames).map((r) => ({
      sampledMs: r.sampledMs, method: r.method, result: r.result, rowKey: r.rowKey,
      ...(r.idHash ? { idHash: r.idHash } : { name: r.name! }), ...(r.ct !== undefined ? { ct: r.ct } : {}), ...(r.lab ? { lab: r.lab } : {}),
    })),
  };
  return { table, report };
}

/** Applies a venue table at a station (its signature already checked): checked whole, then written. */
export function applyVenueTable(rosters: RostersRepo, body: Buffer, fileName: string, now: number): { people: number; results: number } {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new AppError('INVALID_INPUT', `${fileName}: not a venue table (${(err as Error).message})`);
  }
  const parsed = venueTableSchema.safeParse(json);
  if (!parsed.success) throw new AppError('INVALID_INPUT', `${fileName}: ${formatZodError(parsed.error)}`);
  return rosters.save(parsed.data.people as RosterPerson[], parsed.data.results as LabResult[], now);
}
