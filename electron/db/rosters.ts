// Roster people and their lab results, in the roster's own file (connection.ts: ROSTER_FILE_NAME). A large import
// writes from the import worker's connection (import-table.ts); lookups by ID hash, badge, name.
import type { Database } from 'better-sqlite3';
import type { Category } from '../core/rules/types';
import type { LabResultFields, RosterListing } from '../core/roster/columns';
import { asAppError } from './errors';
import { rosterFileOf } from './roster-file';

export interface RosterPerson {
  idHash?: string;
  idMasked?: string;
  name: string;
  category: Category;
  badge?: string;
  phoneMasked?: string;
}

/** A stored lab result: the fields every layer shares, keyed to a roster person by ID hash or name. */
export interface LabResult extends LabResultFields {
  idHash?: string;
  name?: string;
  /** Identifies the source row, so importing the same file again adds nothing twice. */
  rowKey: string;
}

type PersonRow = { id_hash: string | null; id_masked: string | null; name: string; category: string; badge: string | null; phone_masked: string | null };
type ResultRow = { id_hash: string | null; name: string | null; sampled_ms: number; method: string; result: string; ct: number | null; lab: string | null; row_key: string };

const person = (r: PersonRow): RosterPerson => ({
  name: r.name, category: r.category as Category,
  ...(r.id_hash ? { idHash: r.id_hash } : {}), ...(r.id_masked ? { idMasked: r.id_masked } : {}),
  ...(r.badge ? { badge: r.badge } : {}), ...(r.phone_masked ? { phoneMasked: r.phone_masked } : {}),
});
const result = (r: ResultRow): LabResult => ({
  sampledMs: r.sampled_ms, method: r.method as LabResult['method'], result: r.result as LabResult['result'], rowKey: r.row_key,
  ...(r.id_hash ? { idHash: r.id_hash } : {}), ...(r.name ? { name: r.name } : {}), ...(r.ct !== null ? { ct: r.ct } : {}), ...(r.lab ? { lab: r.lab } : {}),
});

/**
 * The roster's writes: people upserted by ID hash (a row that changes nothing is not counted), results added once by
 * their row key, in one transaction. The repository's own and the import worker's (import-worker.ts), on its
 * connection to the roster's file.
 */
export function createRosterWriter(db: Database) {
  const upsertByHash = db.prepare(`INSERT INTO roster (id_hash, id_masked, name, category, badge, phone_masked, updated_ms)
    VALUES (@idHash, @idMasked, @name, @category, @badge, @phoneMasked, @now)
    ON CONFLICT (id_hash) DO UPDATE SET name = excluded.name, category = excluded.category, badge = excluded.badge,
      phone_masked = excluded.phone_masked, id_masked = excluded.id_masked, updated_ms = excluded.updated_ms
    WHERE roster.name IS NOT excluded.name OR roster.category IS NOT excluded.category OR roster.badge IS NOT excluded.badge
      OR roster.phone_masked IS NOT excluded.phone_masked`);
  const insertResult = db.prepare(`INSERT OR IGNORE INTO lab_results (id_hash, name, sampled_ms, method, result, ct, lab, row_key)
    VALUES (@idHash, @name, @sampledMs, @method, @result, @ct, @lab, @rowKey)`);
  return function save(people: RosterPerson[], results: LabResult[], now: number): { people: number; results: number } {
    try {
      return db.transaction(() => {
        let p = 0;
        let r = 0;
        for (const x of people) {
          p += upsertByHash.run({ idHash: x.idHash ?? null, idMasked: x.idMasked ?? null, name: x.name, category: x.category, badge: x.badge ?? null, phoneMasked: x.phoneMasked ?? null, now }).changes;
        }
        for (const x of results) {
          r += insertResult.run({ idHash: x.idHash ?? null, name: x.name ?? null, sampledMs: x.sampledMs, method: x.method, result: x.result, ct: x.ct ?? null, lab: x.lab ?? null, rowKey: x.rowKey }).changes;
        }
        return { people: p, results: r };
      })();
    } catch (err) {
      throw asAppError(err);
    }
  };
}

export function createRostersRepo(db: Database) {
  const findByHash = db.prepare<{ h: string }, PersonRow>('SELECT * FROM roster WHERE id_hash = @h');
  const findByBadge = db.prepare<{ b: string }, PersonRow>('SELECT * FROM roster WHERE badge = @b');
  const latestById = db.prepare<{ h: string }, ResultRow>('SELECT * FROM lab_results WHERE id_hash = @h ORDER BY sampled_ms DESC LIMIT 5');
  const latestByName = db.prepare<{ n: string }, ResultRow>('SELECT * FROM lab_results WHERE id_hash IS NULL AND name = @n ORDER BY sampled_ms DESC LIMIT 5');
  const purge = db.prepare<{ before: number }>('DELETE FROM lab_results WHERE sampled_ms < @before');
  const counts = db.prepare<[], { people: number; results: number }>('SELECT (SELECT COUNT(*) FROM roster) AS people, (SELECT COUNT(*) FROM lab_results) AS results');
  const listStmt = db.prepare<{ limit: number }, PersonRow & { id: number; updated_ms: number }>('SELECT * FROM roster ORDER BY name, id LIMIT @limit');
  const getById = db.prepare<{ id: number }, PersonRow & { id: number }>('SELECT * FROM roster WHERE id = @id');
  const deletePerson = db.prepare<{ id: number }>('DELETE FROM roster WHERE id = @id');
  const deleteResultsOf = db.prepare<{ h: string | null; n: string }>('DELETE FROM lab_results WHERE (@h IS NOT NULL AND id_hash = @h) OR (id_hash IS NULL AND name = @n)');
  const deleteAll = db.prepare('DELETE FROM roster');
  const deleteAllResults = db.prepare('DELETE FROM lab_results');

  const save = createRosterWriter(db);

  return {
    /**
     * The roster's own file (connection.ts: ROSTER_FILE_NAME), where an import worker writes on a connection of its
     * own (import-table.ts); undefined for a register in memory.
     */
    file: () => rosterFileOf(db),
    byIdHash: (h: string) => {
      const r = findByHash.get({ h });
      return r ? person(r) : undefined;
    },
    byBadge: (b: string) => {
      const r = findByBadge.get({ b });
      return r ? person(r) : undefined;
    },
    /** Writes people and results in one transaction; returns how many rows were new or changed. */
    save,
    /** A person's recent results, newest first: by ID hash, else by name for results filed without an ID. */
    resultsFor(p: { idHash?: string; name?: string }): LabResult[] {
      const rows = p.idHash ? latestById.all({ h: p.idHash }) : [];
      return (rows.length || !p.name ? rows : latestByName.all({ n: p.name })).map(result);
    },
    purgeResultsBefore: (before: number): number => purge.run({ before }).changes,
    counts: () => counts.get()!,
    /** The roster as the admin lists it, by name (masked ID and phone only: nothing more is kept). */
    list(limit: number): RosterListing[] {
      return listStmt.all({ limit }).map((r) => ({
        id: r.id, name: r.name, category: r.category as Category, updatedMs: r.updated_ms,
        ...(r.id_masked ? { idMasked: r.id_masked } : {}), ...(r.badge ? { badge: r.badge } : {}), ...(r.phone_masked ? { phoneMasked: r.phone_masked } : {}),
      }));
    },
    /** Removes one person and their lab results; undefined when there is no such person. */
    remove(id: number): { people: number; results: number } | undefined {
      try {
        return db.transaction(() => {
          const p = getById.get({ id });
          if (!p) return undefined;
          const results = deleteResultsOf.run({ h: p.id_hash, n: p.name }).changes;
          return { people: deletePerson.run({ id }).changes, results };
        })();
      } catch (err) {
        throw asAppError(err);
      }
    },
    /** Removes the whole roster and every lab result; returns how many people and results went. */
    removeAll(): { people: number; results: number } {
      try {
        return db.transaction(() => ({ people: deleteAll.run().changes, results: deleteAllResults.run().changes }))();
      } catch (err) {
        throw asAppError(err);
      }
    },
  };
}
export type RostersRepo = ReturnType<typeof createRostersRepo>;
