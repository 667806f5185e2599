import type { Database } from 'better-sqlite3';

/** Every key the settings table holds; a new setting is added here, so no key is a stray string. */
export const SETTING_KEYS = [
  /** The station configuration (core/station/config.ts). */
  'station',
  /** The admin PIN's scrypt hash. */
  'adminPin',
  /** The operators' names and PIN hashes. */
  'operators',
  /** A forward clock jump waiting for an admin's confirmation (purging holds until then). */
  'clockJump',
  /** When the station was set up (epoch ms, its clock): shipped trust data counts its freshness from then. */
  'setupAtMs',
] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

/** Key → JSON value settings (venue profile, names). Callers see parsed values, never rows. */
export function createSettingsRepo(db: Database) {
  const getStmt = db.prepare<{ key: string }, { value: string }>('SELECT value FROM settings WHERE key = @key');
  const removeStmt = db.prepare<{ key: string }>('DELETE FROM settings WHERE key = @key');
  const putStmt = db.prepare<{ key: string; value: string }>(
    'INSERT INTO settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  return {
    get(key: SettingKey): unknown {
      const row = getStmt.get({ key });
      return row ? (JSON.parse(row.value) as unknown) : undefined;
    },
    /** The stored JSON text itself (a caller that caches what it made of it). */
    text(key: SettingKey): string | undefined {
      return getStmt.get({ key })?.value;
    },
    put(key: SettingKey, value: unknown): void {
      putStmt.run({ key, value: JSON.stringify(value) });
    },
    remove(key: SettingKey): void {
      removeStmt.run({ key });
    },
  };
}
export type SettingsRepo = ReturnType<typeof createSettingsRepo>;
