// `venue …`: a venue with several gates sharing one register on PostgreSQL (issue 18). The admin's subcommands take
// the database URL of a role that owns the venue database (init, publish, export, search, restored); a station's
// take its data folder (join, sync, status).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { initVenue, markRestored, publish, withVenue, type PublishKind } from '../db/venue/server';
import { joinVenue } from '../main/services/venue/join';
import { exportVenueDays, searchVenueEntries } from '../main/services/venue/export';
import { DEFAULT_TIME_ZONE } from '../core/register/local-day';
import { guarded, parseOptions, UsageError, withGate, type CliIo, type Command } from './shared';

const USAGE = [
  'npm run -s cli -- venue init     --db URL [--venue NAME]',
  'npm run -s cli -- venue join     --data-dir DIR --db URL --station NAME [--venue NAME]',
  'npm run -s cli -- venue sync     --data-dir DIR',
  'npm run -s cli -- venue status   --data-dir DIR',
  'npm run -s cli -- venue publish  --db URL [--venue NAME] (--roster FILE | --results FILE | --pack FILE | --trust FILE | --settings FILE.json)',
  '    (--trust also takes an EU DCC value set file; --settings: venue-wide settings, e.g. {"profile": {…}, "retentionDays": 30})',
  'npm run -s cli -- venue export   --db URL [--venue NAME] (--day YYYY-MM-DD | --from … --to …) --out DIR [--english] [--time-zone ZONE]',
  'npm run -s cli -- venue search   --db URL [--venue NAME] [--day … | --from … --to …] [--outcome O] [--category C] [--id ID_NUMBER] [--station NAME] [--limit N]',
  'npm run -s cli -- venue restored --db URL [--venue NAME]   (after restoring the server from a backup: stations re-send what it lacks)',
  '  URL: postgresql://ROLE:PASSWORD@HOST[:PORT]/DATABASE; a server not on this machine needs ?sslmode=verify-full[&sslrootcert=CA.pem]',
].join('\n');

type Sub = (args: string[], io: CliIo) => Promise<number>;

const json = (io: CliIo, value: unknown) => io.out(`${JSON.stringify(value, null, 2)}\n`);

function need<T extends Record<string, unknown>>(values: T, ...keys: (keyof T & string)[]): void {
  for (const k of keys) if (!values[k]) throw new UsageError(`--${k} is required`);
}

const SUBS: Record<string, Sub> = {
  async init(args, io) {
    const { values } = parseOptions({ args, strict: true, options: { db: { type: 'string' }, venue: { type: 'string' } } });
    need(values, 'db');
    const r = await withVenue(values.db!, (c) => initVenue(c, values.venue ?? 'venue'));
    json(io, r);
    return 0;
  },
  async join(args, io) {
    const { values } = parseOptions({ args, strict: true, options: { 'data-dir': { type: 'string' }, db: { type: 'string' }, station: { type: 'string' }, venue: { type: 'string' } } });
    need(values, 'data-dir', 'db', 'station');
    return withGate(values['data-dir']!, {}, async (gate) => {
      const j = await joinVenue({ dataDir: gate.dataDir, link: gate.venueLink, clock: Date.now, hasHashedData: gate.hasHashedData }, { adminUrl: values.db!, stationName: values.station!, venueName: values.venue });
      json(io, { venueId: j.venueId, venueName: j.venueName, stationId: j.stationId, stationName: j.stationName, role: j.role });
      return 0;
    });
  },
  async sync(args, io) {
    const { values } = parseOptions({ args, strict: true, options: { 'data-dir': { type: 'string' } } });
    need(values, 'data-dir');
    return withGate(values['data-dir']!, {}, async (gate) => {
      json(io, await gate.venue.round());
      return 0;
    });
  },
  async status(args, io) {
    const { values } = parseOptions({ args, strict: true, options: { 'data-dir': { type: 'string' } } });
    need(values, 'data-dir');
    return withGate(values['data-dir']!, {}, async (gate) => {
      json(io, gate.venue.status() ?? { joined: false });
      return 0;
    });
  },
  async publish(args, io) {
    const kinds = ['roster', 'results', 'pack', 'trust', 'settings'] as const;
    const { values } = parseOptions({ args, strict: true, options: { db: { type: 'string' }, venue: { type: 'string' }, roster: { type: 'string' }, results: { type: 'string' }, pack: { type: 'string' }, trust: { type: 'string' }, settings: { type: 'string' } } });
    need(values, 'db');
    const given = kinds.filter((k) => values[k]);
    if (given.length !== 1) throw new UsageError('give exactly one of --roster, --results, --pack, --trust, --settings FILE');
    const kind: PublishKind = given[0]!;
    const file = values[kind]!;
    let body: Buffer;
    try {
      body = readFileSync(file);
    } catch (err) {
      throw new UsageError(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    if (body.length > 200 * 1024 * 1024) throw new UsageError(`${file}: over 200 MiB; split it`);
    const sha256 = createHash('sha256').update(body).digest('hex');
    const r = await withVenue(values.db!, (c) => publish(c, { venueName: values.venue, kind, name: basename(file), body, sha256 }));
    json(io, { kind, name: basename(file), sha256, ...r });
    return 0;
  },
  async export(args, io) {
    const { values } = parseOptions({
      args, strict: true,
      options: { db: { type: 'string' }, venue: { type: 'string' }, day: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' }, english: { type: 'boolean' }, 'time-zone': { type: 'string' } },
    });
    need(values, 'db', 'out');
    const from = values.day ?? values.from;
    const to = values.day ?? values.to;
    if (!from || !to) throw new UsageError('give --day YYYY-MM-DD, or --from and --to');
    const r = await withVenue(values.db!, (c) => exportVenueDays(c, {
      venueName: values.venue, fromDay: from, toDay: to, outDir: values.out!, language: values.english ? 'en' : 'zh',
      timeZone: values['time-zone'] ?? DEFAULT_TIME_ZONE, masked: true,
    }));
    io.out(`${r.path}\n`);
    return 0;
  },
  async search(args, io) {
    const { values } = parseOptions({
      args, strict: true,
      options: {
        db: { type: 'string' }, venue: { type: 'string' }, day: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' },
        outcome: { type: 'string' }, category: { type: 'string' }, id: { type: 'string' }, station: { type: 'string' }, limit: { type: 'string' },
      },
    });
    need(values, 'db');
    const limit = values.limit === undefined ? 2000 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 2000) throw new UsageError('--limit is a whole number from 1 to 2000');
    const found = await withVenue(values.db!, (c) => searchVenueEntries(c, {
      venueName: values.venue, fromDay: values.day ?? values.from, toDay: values.day ?? values.to, outcome: values.outcome,
      category: values.category, idNumber: values.id, station: values.station, limit,
    }));
    json(io, found);
    return 0;
  },
  async restored(args, io) {
    const { values } = parseOptions({ args, strict: true, options: { db: { type: 'string' }, venue: { type: 'string' } } });
    need(values, 'db');
    json(io, { epoch: await withVenue(values.db!, (c) => markRestored(c, values.venue)) });
    return 0;
  },
};

export const venueCommand: Command = {
  summary: 'a venue with several gates: one register on PostgreSQL (init, join, sync, status, publish, export, search, restored)',
  usage: USAGE,
  run: (args, io) =>
    guarded(io, async () => {
      const [sub, ...rest] = args;
      const run = sub ? SUBS[sub] : undefined;
      if (!run) throw new UsageError(`venue: give one of ${Object.keys(SUBS).join(', ')}\n${USAGE}`);
      return run(rest, io);
    }),
};
