// `venue …`: a venue with several gates sharing one register on PostgreSQL (issues 18 and 29). The admin's subcommands
// take the database URL of a role that owns the venue database (its password from PGPASSWORD, a pgpass file or a
// prompt; never on the command line) and the admin's key file (its passphrase from GATECHECK_VENUE_PASSPHRASE or a
// prompt); a station's take its data folder.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync } from 'node:fs';
import { basename } from 'node:path';
import pgpass from 'pgpass';
import QRCode from 'qrcode';
import { connectVenue, urlHasPassword, withVenue, type PasswordSource } from '../db/venue/connect';
import { addInvite, initVenue, maintainVenue, markRestored, publish, revokeStation, setAdminKey, venueIdOf, venueStatus, type PublishKind } from '../db/venue/admin';
import { joinVenue, type JoinKeys } from '../main/services/venue/join';
import { exportVenueDays, searchVenueEntries } from '../main/services/venue/export';
import { defaultAdminKeyPath, keyId, newAdminKeys, peekAdminKeyFile, readAdminKeyFile, writeAdminKeyFile, type AdminKeys } from '../main/services/venue/admin-key';
import { adminKeyDigest, decodeJoinCode, encodeJoinCode, INVITE_MAX_HOURS, newInviteId, signStatement, verifyStatement, type Statement } from '../main/services/venue/signed';
import { venueTableOf } from '../main/services/venue/tables';
import { readStationUrl, readVenueKey } from '../main/services/venue/link-files';
import { DEFAULT_TIME_ZONE } from '../core/register/local-day';
import { AppError } from '../core/errors';
import { guarded, parseOptions, UsageError, withGate, type CliIo, type Command } from './shared';

const USAGE = [
  'npm run -s cli -- venue init     --db URL [--venue NAME] [--retention-days N] [--admin-key FILE]',
  'npm run -s cli -- venue join     --data-dir DIR --db URL --station NAME [--venue NAME] [--code CODE | --admin-key FILE]',
  'npm run -s cli -- venue invite   --station NAME (--db URL [--admin-key FILE] | --data-dir DIR) [--venue NAME] [--hours H] [--qr FILE.png]',
  'npm run -s cli -- venue revoke   --db URL --station NAME [--venue NAME]',
  'npm run -s cli -- venue sync     --data-dir DIR',
  'npm run -s cli -- venue status   (--data-dir DIR | --db URL [--venue NAME])',
  'npm run -s cli -- venue maintain --db URL [--venue NAME] [--retention-days N]',
  'npm run -s cli -- venue publish  --db URL [--venue NAME] [--admin-key FILE] (--roster FILE | --results FILE | --pack FILE | --trust FILE | --settings FILE.json) [--with-names]',
  '    (--trust also takes an EU DCC value set file; --settings: venue-wide settings, e.g. {"profile": {…}, "retentionDays": 30})',
  'npm run -s cli -- venue rotate-key --db URL [--venue NAME] [--admin-key FILE]',
  'npm run -s cli -- venue export   --db URL [--venue NAME] (--day YYYY-MM-DD | --from … --to …) --out DIR [--english] [--time-zone ZONE]',
  'npm run -s cli -- venue search   --db URL [--venue NAME] [--day … | --from … --to …] [--outcome O] [--category C] [--id ID_NUMBER] [--station NAME] [--limit N] [--admin-key FILE]',
  'npm run -s cli -- venue restored --db URL [--venue NAME]   (after restoring the server from a backup: stations re-send what it lacks)',
  '  URL: postgresql://ROLE@HOST[:PORT]/DATABASE — never with a password: it comes from PGPASSWORD, a pgpass file (PGPASSFILE, ~/.pgpass) or a prompt',
  '       (asked only when the server wants one). A server not on this machine needs ?sslmode=verify-full[&sslrootcert=CA.pem].',
  '  Admin key file: $XDG_CONFIG_HOME/gatecheck/venue-admin.key (else ~/.config/gatecheck/); passphrase from GATECHECK_VENUE_PASSPHRASE or a prompt.',
].join('\n');

type Sub = (args: string[], io: CliIo) => Promise<number>;

const json = (io: CliIo, value: unknown) => io.out(`${JSON.stringify(value, null, 2)}\n`);

function need<T extends Record<string, unknown>>(values: T, ...keys: (keyof T & string)[]): void {
  for (const k of keys) if (!values[k]) throw new UsageError(`--${k} is required`);
}

/** The admin's URL, refused with a password in it (argv is readable by every user of the machine). */
function dbUrl(url: string | undefined): string {
  if (!url) throw new UsageError('--db is required');
  if (urlHasPassword(url)) throw new UsageError('--db must not hold a password (the command line is visible to every user): set PGPASSWORD, use a pgpass file, or type it at the prompt');
  return url;
}

/** The database password, asked for only when the server wants one: PGPASSWORD, a pgpass file, or the prompt. */
function dbPassword(io: CliIo): PasswordSource {
  return async (target) => {
    const fromEnv = io.env?.PGPASSWORD;
    if (fromEnv) return fromEnv;
    const fromFile = await new Promise<string | undefined>((resolve) => {
      try {
        pgpass({ host: target.host, port: target.port, database: target.database, user: target.user || process.env.PGUSER || process.env.USER || '' }, (pw) => resolve(pw ?? undefined));
      } catch {
        resolve(undefined);
      }
    });
    if (fromFile) return fromFile;
    const typed = await io.readSecret?.(`数据库密码 / Database password (${target.user || 'user'}@${target.host.startsWith('/') ? 'local socket' : target.host}): `);
    if (!typed) throw new AppError('VENUE_DENIED', 'the venue database asked for a password: set PGPASSWORD, use a pgpass file, or type it at the prompt');
    return typed;
  };
}

async function passphrase(io: CliIo, prompt = '场所管理员密钥口令 / Venue admin key passphrase: '): Promise<string> {
  const p = io.env?.GATECHECK_VENUE_PASSPHRASE ?? (await io.readSecret?.(prompt));
  if (!p) throw new UsageError('the venue admin key passphrase is needed: set GATECHECK_VENUE_PASSPHRASE or type it at the prompt');
  return p;
}

const keyPath = (io: CliIo, given: string | undefined) => given ?? defaultAdminKeyPath({ ...process.env, ...io.env });

async function adminKeys(io: CliIo, given: string | undefined): Promise<AdminKeys & { path: string }> {
  const path = keyPath(io, given);
  if (!peekAdminKeyFile(path)) throw new AppError('VENUE_ADMIN_KEY', `no venue admin key file at ${path}: run venue init on this machine, or give --admin-key FILE`);
  return { ...readAdminKeyFile(path, await passphrase(io)), path };
}

/** A file read whole, or a usage error naming it. */
function readInput(file: string, limit = 200 * 1024 * 1024): Buffer {
  let body: Buffer;
  try {
    body = readFileSync(file);
  } catch (err) {
    throw new UsageError(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (body.length > limit) throw new UsageError(`${file}: over ${limit / 1024 / 1024} MiB; split it`);
  return body;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

const SUBS: Record<string, Sub> = {
  async init(args, io) {
    const { values } = parseOptions({ args, strict: true, options: { db: { type: 'string' }, venue: { type: 'string' }, 'retention-days': { type: 'string' }, 'admin-key': { type: 'string' } } });
    const url = dbUrl(values.db);
    const retention = values['retention-days'] === undefined ? undefined : Number(values['retention-days']);
    if (retention !== undefined && (!Number.isInteger(retention) || retention < 1 || retention > 3660)) throw new UsageError('--retention-days is a whole number from 1 to 3660');
    const venueName = values.venue ?? 'venue';
    const path = keyPath(io, values['admin-key']);
    // The admin key is made here, on the admin's machine, the first time; the database gets only its public half.
    let keys: AdminKeys;
    let made = false;
    if (peekAdminKeyFile(path)) keys = readAdminKeyFile(path, await passphrase(io));
    else {
      keys = newAdminKeys(venueName);
      writeAdminKeyFile(path, keys, await passphrase(io));
      made = true;
    }
    const r = await withVenue(url, (c) => initVenue(c, { venueName, adminKey: keys.publicKey, retentionDays: retention }), dbPassword(io));
    json(io, { ...r, adminKeyFile: path, adminKeyMade: made, adminKeyId: keyId(keys.publicKey) });
    if (made) io.err(`场所管理员密钥已生成：${path}。请立即备份此文件（和口令分开保存）。/ The venue admin key was made: ${path}. Back it up now (apart from its passphrase).\n`);
    return 0;
  },
  async join(args, io) {
    const { values } = parseOptions({ args, strict: true, options: { 'data-dir': { type: 'string' }, db: { type: 'string' }, station: { type: 'string' }, venue: { type: 'string' }, code: { type: 'string' }, 'admin-key': { type: 'string' } } });
    need(values, 'data-dir', 'station');
    const url = dbUrl(values.db);
    if (values.code && values['admin-key']) throw new UsageError('give --code or --admin-key, not both');
    let keys: JoinKeys;
    if (values.code) keys = { code: decodeJoinCode(values.code) };
    else {
      const path = keyPath(io, values['admin-key']);
      if (!peekAdminKeyFile(path)) throw new AppError('VENUE_ADMIN_KEY', `no venue admin key file at ${path}: on a station, join with the code from venue invite (--code GC1-…)`);
      const k = readAdminKeyFile(path, await passphrase(io));
      keys = { publicKey: k.publicKey, fingerprintKey: k.fingerprintKey };
    }
    return withGate(values['data-dir']!, {}, async (gate) => {
      const j = await joinVenue({ dataDir: gate.dataDir, link: gate.venueLink, clock: Date.now, highestEntryId: () => gate.entries.highestIssuedId() }, {
        adminUrl: url, password: dbPassword(io), stationName: values.station!, venueName: values.venue, keys,
      });
      json(io, { venueId: j.venueId, venueName: j.venueName, stationId: j.stationId, stationName: j.stationName, role: j.role, adminKeyId: j.adminKeyId, history: gate.entries.highestIssuedId() });
      return 0;
    });
  },
  async invite(args, io) {
    const { values } = parseOptions({ args, strict: true, options: { db: { type: 'string' }, 'data-dir': { type: 'string' }, station: { type: 'string' }, venue: { type: 'string' }, hours: { type: 'string' }, qr: { type: 'string' }, 'admin-key': { type: 'string' } } });
    need(values, 'station');
    const hours = values.hours === undefined ? INVITE_MAX_HOURS : Number(values.hours);
    if (!Number.isFinite(hours) || hours <= 0 || hours > INVITE_MAX_HOURS) throw new UsageError(`--hours is more than 0 and at most ${INVITE_MAX_HOURS}`);
    if (Boolean(values.db) === Boolean(values['data-dir'])) throw new UsageError('give --db URL (the admin\'s machine) or --data-dir DIR (an already-joined station)');
    const inviteId = newInviteId();
    const expiresMs = Math.floor((Date.now() + hours * 3_600_000) / 1000) * 1000;
    let fingerprintKey: Buffer;
    let publicKey: string;
    let venueName: string;
    if (values.db) {
      const url = dbUrl(values.db);
      const k = await adminKeys(io, values['admin-key']);
      fingerprintKey = k.fingerprintKey;
      publicKey = k.publicKey;
      venueName = await withVenue(url, async (c) => {
        const v = await venueIdOf(c, values.venue);
        if (v.adminKey !== publicKey) throw new AppError('VENUE_ADMIN_KEY', `venue ${v.name} was set up with another admin key`);
        await addInvite(c, { venueName: v.name, inviteId, stationName: values.station!, expiresMs });
        return v.name;
      }, dbPassword(io));
    } else {
      const r = await withGate(values['data-dir']!, {}, async (gate) => {
        const link = gate.venueLink.get();
        const key = readVenueKey(gate.dataDir);
        const url = readStationUrl(gate.dataDir);
        if (!link || !key || !url || !link.adminKey) throw new AppError('VENUE_NOT_JOINED', 'only a station that has joined the venue (with its admin key pinned) can invite another');
        const client = await connectVenue(url);
        try {
          await client.query('SELECT gc.add_invite($1, $2, to_timestamp($3 / 1000.0))', [inviteId, values.station, expiresMs]);
        } finally {
          await client.end().catch(() => undefined);
        }
        return { key, publicKey: link.adminKey, venueName: link.venueName };
      });
      ({ key: fingerprintKey, publicKey, venueName } = r);
    }
    const code = encodeJoinCode({ inviteId, expiresMs, fingerprintKey, adminKeyDigest: adminKeyDigest(publicKey) });
    if (values.qr) await QRCode.toFile(values.qr, code, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 6 });
    const qr = await QRCode.toString(code, { type: 'utf8', errorCorrectionLevel: 'M', margin: 2 });
    json(io, { venue: venueName, station: values.station, code, expiresAt: new Date(expiresMs).toISOString(), singleUse: true, adminKeyId: keyId(publicKey), ...(values.qr ? { qrFile: values.qr } : {}) });
    io.err(`${qr}\n加入码一次有效，${new Date(expiresMs).toISOString()} 过期；它带着场所的密钥，请当面交给该岗位，勿经服务器或聊天群传送。/ Single-use, expires ${new Date(expiresMs).toISOString()}; it carries the venue's key: hand it over in person.\n`);
    return 0;
  },
  async revoke(args, io) {
    const { values } = parseOptions({ args, strict: true, options: { db: { type: 'string' }, venue: { type: 'string' }, station: { type: 'string' } } });
    need(values, 'station');
    const url = dbUrl(values.db);
    json(io, { revoked: values.station, ...(await withVenue(url, (c) => revokeStation(c, { venueName: values.venue, stationName: values.station! }), dbPassword(io))) });
    return 0;
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
    const { values } = parseOptions({ args, strict: true, options: { 'data-dir': { type: 'string' }, db: { type: 'string' }, venue: { type: 'string' } } });
    if (values.db) {
      const url = dbUrl(values.db);
      json(io, await withVenue(url, (c) => venueStatus(c, values.venue), dbPassword(io)));
      return 0;
    }
    need(values, 'data-dir');
    return withGate(values['data-dir']!, {}, async (gate) => {
      const s = gate.venue.status();
      json(io, s ? { ...s, setAsideEntries: gate.venueLink.setAsideList(), epochs: gate.venueLink.epochs(), adminKeyId: gate.venueLink.get()?.adminKey ? keyId(gate.venueLink.get()!.adminKey!) : null } : { joined: false });
      return 0;
    });
  },
  async maintain(args, io) {
    const { values } = parseOptions({ args, strict: true, options: { db: { type: 'string' }, venue: { type: 'string' }, 'retention-days': { type: 'string' } } });
    const url = dbUrl(values.db);
    const retention = values['retention-days'] === undefined ? undefined : Number(values['retention-days']);
    if (retention !== undefined && (!Number.isInteger(retention) || retention < 1 || retention > 3660)) throw new UsageError('--retention-days is a whole number from 1 to 3660');
    json(io, await withVenue(url, (c) => maintainVenue(c, { venueName: values.venue, retentionDays: retention }), dbPassword(io)));
    return 0;
  },
  async publish(args, io) {
    const kinds = ['roster', 'results', 'pack', 'trust', 'settings'] as const;
    const { values } = parseOptions({ args, strict: true, options: { db: { type: 'string' }, venue: { type: 'string' }, roster: { type: 'string' }, results: { type: 'string' }, pack: { type: 'string' }, trust: { type: 'string' }, settings: { type: 'string' }, 'with-names': { type: 'boolean' }, 'admin-key': { type: 'string' } } });
    const url = dbUrl(values.db);
    const given = kinds.filter((k) => values[k]);
    if (given.length !== 1) throw new UsageError('give exactly one of --roster, --results, --pack, --trust, --settings FILE');
    const kind: PublishKind = given[0]!;
    const file = values[given[0]!]!;
    const keys = await adminKeys(io, values['admin-key']);
    let body: Buffer;
    let rows: Record<string, unknown> = {};
    if (kind === 'roster' || kind === 'results') {
      // Fingerprinted here, with the venue's key: no ID number or phone number reaches the server.
      readInput(file);
      const { table, report } = await venueTableOf(kind, file, keys.fingerprintKey, values['with-names'] === true);
      body = Buffer.from(JSON.stringify(table));
      rows = { rows: report.rows, valid: report.valid, errorRows: report.errorRows, people: table.people.length, results: table.results.length, names: values['with-names'] === true };
    } else {
      body = readInput(file);
    }
    const digest = sha256(body);
    const r = await withVenue(url, async (c) => {
      const v = await venueIdOf(c, values.venue);
      if (v.adminKey !== keys.publicKey) throw new AppError('VENUE_ADMIN_KEY', `venue ${v.name} was set up with another admin key`);
      const statement: Statement = { venue: v.name, kind, name: basename(file), sha256: digest, issuedMs: Date.now() };
      // The same bytes already published under this key's signature change nothing; anything else there (no
      // signature, another key's, other bytes) is replaced.
      const held = (await c.query('SELECT sha256, sig FROM gc.published WHERE venue_id = $1 AND kind = $2 AND name = $3', [v.venueId, kind, basename(file)])).rows[0] as { sha256: string; sig: string | null } | undefined;
      let ours = false;
      try {
        ours = held !== undefined && held.sha256 === digest && verifyStatement(held.sig, keys.publicKey).sha256 === digest;
      } catch {
        ours = false;
      }
      if (ours) return { changed: false };
      return publish(c, { venueName: v.name, kind, name: basename(file), body, sha256: digest, sig: signStatement(keys.signingKey, statement), resign: true });
    }, dbPassword(io));
    json(io, { kind, name: basename(file), sha256: digest, ...rows, ...r });
    return 0;
  },
  async 'rotate-key'(args, io) {
    const { values } = parseOptions({ args, strict: true, options: { db: { type: 'string' }, venue: { type: 'string' }, 'admin-key': { type: 'string' } } });
    const url = dbUrl(values.db);
    const old = await adminKeys(io, values['admin-key']);
    const pass = await passphrase(io);
    // The fingerprint key stays (every gate's fingerprints would change with it); the signing key is new.
    const next: AdminKeys = { ...newAdminKeys(old.venue), fingerprintKey: old.fingerprintKey };
    const result = await withVenue(url, async (c) => {
      const v = await venueIdOf(c, values.venue);
      if (v.adminKey !== old.publicKey) throw new AppError('VENUE_ADMIN_KEY', `venue ${v.name} was set up with another admin key`);
      const now = Date.now();
      const body = Buffer.from(next.publicKey);
      // Stations re-pin through a statement signed with the old key, then take every published file re-signed.
      const rotation = signStatement(old.signingKey, { venue: v.name, kind: 'admin-key', name: 'admin-key', sha256: sha256(body), issuedMs: now, newKey: next.publicKey });
      await publish(c, { venueName: v.name, kind: 'admin-key', name: 'admin-key', body, sha256: sha256(body), sig: rotation, resign: true });
      const files = (await c.query("SELECT kind, name, body FROM gc.published WHERE venue_id = $1 AND kind <> 'admin-key' ORDER BY txid", [v.venueId])).rows as { kind: PublishKind; name: string; body: Buffer }[];
      for (const f of files) {
        const digest = sha256(f.body);
        await publish(c, { venueName: v.name, kind: f.kind, name: f.name, body: f.body, sha256: digest, sig: signStatement(next.signingKey, { venue: v.name, kind: f.kind, name: f.name, sha256: digest, issuedMs: now + 1 }), resign: true });
      }
      await setAdminKey(c, { venueName: v.name, adminKey: next.publicKey });
      return { venue: v.name, resigned: files.length };
    }, dbPassword(io));
    const backup = `${old.path}.${new Date().toISOString().slice(0, 10)}.old`;
    renameSync(old.path, backup);
    writeAdminKeyFile(old.path, next, pass);
    json(io, { ...result, adminKeyFile: old.path, oldKeyFile: backup, adminKeyId: keyId(next.publicKey), previousKeyId: keyId(old.publicKey) });
    return 0;
  },
  async export(args, io) {
    const { values } = parseOptions({
      args, strict: true,
      options: { db: { type: 'string' }, venue: { type: 'string' }, day: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' }, english: { type: 'boolean' }, 'time-zone': { type: 'string' } },
    });
    need(values, 'out');
    const url = dbUrl(values.db);
    const from = values.day ?? values.from;
    const to = values.day ?? values.to;
    if (!from || !to) throw new UsageError('give --day YYYY-MM-DD, or --from and --to');
    const r = await withVenue(url, (c) => exportVenueDays(c, {
      venueName: values.venue, fromDay: from, toDay: to, outDir: values.out!, language: values.english ? 'en' : 'zh',
      timeZone: values['time-zone'] ?? DEFAULT_TIME_ZONE, masked: true,
    }), dbPassword(io));
    io.out(`${r.path}\n`);
    return 0;
  },
  async search(args, io) {
    const { values } = parseOptions({
      args, strict: true,
      options: {
        db: { type: 'string' }, venue: { type: 'string' }, day: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' },
        outcome: { type: 'string' }, category: { type: 'string' }, id: { type: 'string' }, station: { type: 'string' }, limit: { type: 'string' }, 'admin-key': { type: 'string' },
      },
    });
    const url = dbUrl(values.db);
    const limit = values.limit === undefined ? 2000 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 2000) throw new UsageError('--limit is a whole number from 1 to 2000');
    // An ID number is fingerprinted with the venue's key, which only the admin's key file holds (not the server).
    const fingerprintKey = values.id ? (await adminKeys(io, values['admin-key'])).fingerprintKey : undefined;
    const found = await withVenue(url, (c) => searchVenueEntries(c, {
      venueName: values.venue, fromDay: values.day ?? values.from, toDay: values.day ?? values.to, outcome: values.outcome,
      category: values.category, idNumber: values.id, station: values.station, limit, fingerprintKey,
    }), dbPassword(io));
    json(io, found);
    return 0;
  },
  async restored(args, io) {
    const { values } = parseOptions({ args, strict: true, options: { db: { type: 'string' }, venue: { type: 'string' } } });
    const url = dbUrl(values.db);
    json(io, { epoch: await withVenue(url, (c) => markRestored(c, values.venue), dbPassword(io)) });
    return 0;
  },
};

export const venueCommand: Command = {
  summary: 'a venue with several gates: one register on PostgreSQL (init, join, invite, revoke, sync, status, maintain, publish, rotate-key, export, search, restored)',
  usage: USAGE,
  run: (args, io) =>
    guarded(io, async () => {
      const [sub, ...rest] = args;
      const run = sub ? SUBS[sub] : undefined;
      if (!run) throw new UsageError(`venue: give one of ${Object.keys(SUBS).join(', ')}\n${USAGE}`);
      return run(rest, io);
    }),
};
