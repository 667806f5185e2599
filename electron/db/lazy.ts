// A statement prepared on first use: repositories can be built over a register still on an older schema (migration
// tests write rows under each version), preparing what a later migration added only when it is called.
import type { Database, Statement } from 'better-sqlite3';

export function lazyStatement<P extends unknown[] | Record<string, unknown>, R = unknown>(db: Database, sql: string): () => Statement<P, R> {
  let stmt: Statement<P, R> | undefined;
  return () => (stmt ??= db.prepare<P, R>(sql));
}
