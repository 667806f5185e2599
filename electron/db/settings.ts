import type { Database } from 'better-sqlite3';

/** Key → JSON value settings (venue profile, names). Callers see parsed values, never rows. */
export function createSettingsRepo(db: Database) {
  const getStmt = db.prepare<{ key: string }, { value: string }>('SELECT value FROM settings WHERE key = @key');
  const putStmt = db.prepare<{ key: string; value: string }>(
    'INSERT INTO settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  return {
    get(key: string): unknown {
      const row = getStmt.get({ key });
      return row ? (JSON.parse(row.value) as unknown) : undefined;
    },
    put(key: string, value: unknown): void {
      putStmt.run({ key, value: JSON.stringify(value) });
    },
  };
}
export type SettingsRepo = ReturnType<typeof createSettingsRepo>;
