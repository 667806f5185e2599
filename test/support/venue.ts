// Stations of a venue with several gates, for the venue tests and the bench: a throwaway PostgreSQL cluster, a fresh
// database per test, stations as data folders checked through the command line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import pg from 'pg';
import { cli } from './cli';
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

/** Checks a scanned text at the station (as the CLI records it) and returns the check's output. */
export async function check(station: TestStation, text: string, now = '2026-11-20T10:00:00+08:00', category = 'visitor'): Promise<Record<string, unknown>> {
  const r = await cli('check', '--data-dir', station.data, '--profile', station.profile, '--category', category, '--now', now, '--station', station.name, text);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as Record<string, unknown>;
}

/** Runs `venue <sub> …` and returns the parsed JSON it printed (or the failure's exit code and message). */
export async function venue(...args: string[]): Promise<{ code: number; json: Record<string, unknown>; err: string; out: string }> {
  const r = await cli('venue', ...args);
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(r.out) as Record<string, unknown>;
  } catch {
    // not JSON (a path, or nothing on failure)
  }
  return { code: r.code, json, err: r.err, out: r.out };
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
