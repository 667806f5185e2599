// Stations of a venue with several gates, for the venue tests and the bench: a throwaway PostgreSQL cluster, a fresh
// database per test, stations as data folders checked through the command line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import pg from 'pg';
import { cli, cliWith } from './cli';
import type { PgCluster } from './pg-cluster';

let databases = 0;

/** A new, empty database on the cluster, and its superuser URL (the venue admin's). */
export function freshDatabase(cluster: PgCluster): string {
  const name = `venue_${process.pid}_${++databases}`;
  cluster.psql(`CREATE DATABASE ${name}`);
  return cluster.url(name);
}

export interface TestStation {
  name: string;
  dir: string;
  data: string;
  profile: string;
}

/** A station's folder with its profile (a school unless told), not yet used. */
export function newStation(name: string, venueKind = 'school'): TestStation {
  const dir = mkdtempSync(join(tmpdir(), `gc-station-`));
  const profile = join(dir, 'p.json');
  writeFileSync(profile, JSON.stringify({ pack: 'cn-2022-12-07', venueKind }));
  return { name, dir, data: join(dir, 'data'), profile };
}

/**
 * A local day `n` days before today (UTC), YYYY-MM-DD. The venue takes entries only for days in its window (its
 * retention behind the server's date, one day ahead), so the venue tests' days are counted back from today, never
 * written as dates that would one day fall out of it.
 */
export function dayAgo(n: number): string {
  return new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
}

/** A time on a day in the venues' zone (+08:00), e.g. at(dayAgo(2), '09:05'). */
export const at = (day: string, hhmm: string) => `${day}T${hhmm}:00+08:00`;

/** What the venue tests' checks are dated by default: two days ago at 10:00. */
export const DEFAULT_NOW = at(dayAgo(2), '10:00');

/** Checks a scanned text at the station (as the CLI records it) and returns the check's output. */
export async function check(station: TestStation, text: string, now = DEFAULT_NOW, category = 'visitor'): Promise<Record<string, unknown>> {
  const r = await cli('check', '--data-dir', station.data, '--profile', station.profile, '--category', category, '--now', now, '--station', station.name, text);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as Record<string, unknown>;
}

/** The admin's machine: its config folder (where `venue init` keeps the admin key file) and the key's passphrase. */
export const ADMIN_HOME = mkdtempSync(join(tmpdir(), 'gc-admin-'));
export const ADMIN_PASSPHRASE = 'correct horse battery staple';

/**
 * A `--db` URL as the admin gives it: without its password, which goes in PGPASSWORD (the command line never takes
 * one), with the environment the admin's commands see.
 */
export function adminArgs(args: readonly string[]): { argv: string[]; env: Record<string, string> } {
  const env: Record<string, string> = { XDG_CONFIG_HOME: ADMIN_HOME, GATECHECK_VENUE_PASSPHRASE: ADMIN_PASSPHRASE };
  const argv = args.map((a, i) => {
    if (args[i - 1] !== '--db') return a;
    const m = /^(postgres(?:ql)?:\/\/)([^:@/]+):([^@/]*)@(.*)$/.exec(a);
    if (!m) return a;
    env.PGPASSWORD = decodeURIComponent(m[3]!);
    return `${m[1]}${m[2]}@${m[4]}`;
  });
  return { argv, env };
}

/** Runs `venue <sub> …` and returns the parsed JSON it printed (or the failure's exit code and message). */
export async function venue(...args: string[]): Promise<{ code: number; json: Record<string, unknown>; err: string; out: string }> {
  const { argv, env } = adminArgs(args);
  const r = await cliWith({ env }, 'venue', ...argv);
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(r.out) as Record<string, unknown>;
  } catch {
    // not JSON (a path, or nothing on failure)
  }
  return { code: r.code, json, err: r.err, out: r.out };
}

/** A venue database made by `venue init` with `names` stations joined in order (on the admin's machine: the key file). */
export async function venueWith(cluster: PgCluster, names: readonly string[], venueName = '实验小学'): Promise<{ url: string; stations: TestStation[] }> {
  const url = freshDatabase(cluster);
  const init = await venue('init', '--db', url, '--venue', venueName);
  expect(init.json, init.err).toMatchObject({ venueName });
  const stations: TestStation[] = [];
  for (const name of names) {
    const s = newStation(name);
    const j = await venue('join', '--data-dir', s.data, '--db', url, '--station', name);
    expect(j.err).toBe('');
    stations.push(s);
  }
  return { url, stations };
}

/** One SQL statement on its own connection, as the URL's role (the admin, or a station's own login). */
export async function sql<T = Record<string, unknown>>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}
