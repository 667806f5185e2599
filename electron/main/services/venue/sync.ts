// One sync round of a station with its venue's register (issues 18 and 29), and the background loop that runs it, on
// one connection kept open (LISTEN on it brings other gates' entries at once).
//
// Up, exactly once: the outbox is every entry above what the venue has confirmed, keyed by this station (its login),
// its install epoch and its entry number. Each batch goes in one transaction of the ingest function; the station
// moves its mark only after that transaction has committed. A batch sent again lands once (the venue knows the same
// content). An entry the venue refuses, or that this station cannot send (the protocol's checks), is set aside here
// with its reason and never blocks the next. A register restored from a backup reuses numbers the venue holds with
// other content: the venue says so (its highest number of the epoch is above this register's, or a clash), and the
// station opens a new epoch and sends what the venue lacks. A server that holds less than it confirmed (restored from
// a backup) is sent again what it lacks.
// Down: published files by a txid cursor, applied only when signed with the admin key this station pinned, newer than
// what it has (no rollback); anything else is refused, the last good copy kept, the security log written.
// Across: other gates' entries of today and yesterday (keyed hashes only).
import { createHash } from 'node:crypto';
import { AppError, causeOf } from '../../../core/errors';
import type { VenueLinkRepo } from '../../../db/venue-link';
import { connectVenue, venueError, type VenueClient } from '../../../db/venue/connect';
import { hello, ingest, listenForEntries, pullPublished, pullRecent, type PublishedFile } from '../../../db/venue/station-client';
import { MAX_BATCH_BYTES, wireProblem } from '../../../core/venue/protocol';
import { readStationUrl } from './link-files';
import { verifyStatement, type Statement } from './signed';
import { publicKeyOf } from './admin-key';
import type { VenueSyncView } from '../../../api/views';
import { log } from '../station-log';

/**
 * What in a batch's JSON text may break the whole batch at the venue, or is a control character whose reason this
 * station gives: an escaped C0 control (NUL among them) or surrogate, or a raw DEL or C1 control (JSON.stringify escapes
 * the C0 controls and lone surrogates, and writes the rest as they are).
 */
const MAY_BREAK = /\\u00[01][0-9a-f]|\\[bfnrt]|\\ud[89a-f]|[\u007f-\u009f]/;

/** Entries per ingest call (one transaction each). */
export const PUSH_BATCH = 1000;
/** Clashes answered by a new epoch in one round, at most (a venue that keeps reporting them is not believed for ever). */
const MAX_EPOCHS_A_ROUND = 3;
/**
 * Other gates' entries per page. A full page ends at its last row's transaction and the next begins there, so a page
 * must hold more than one transaction's rows: the ingest function takes at most 5,000 a call.
 */
const RECENT_PAGE = 20_000;
/** Failures of a published file that are its own (it will fail the same way until replaced): not tried again. */
const FINAL_FAILURES: ReadonlySet<string> = new Set(['VENUE_SIGNATURE', 'PACK_INVALID', 'PACK_UNSIGNED', 'PACK_SIGNATURE', 'PROFILE_INVALID', 'TRUST_INVALID', 'INVALID_INPUT', 'TOO_LARGE']);
/** A station that has not reached the venue for this long says so on screen. */
export const STALE_AFTER_MS = 10 * 60_000;
/** A station whose clock is further than this from the server's says so. */
export const MAX_SKEW_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

export interface RoundReport {
  /** Entries the venue took in this round (rows it already held are not counted). */
  pushed: number;
  /** Entries sent (pushed, or already there). */
  sent: number;
  /** Published files applied, by kind and name, with the outcome (ok or the failure's code). */
  applied: { kind: string; name: string; outcome: string }[];
  /** Other gates' entries received. */
  recent: number;
  /** The server's clock minus this station's (ms). */
  skewMs: number;
  /** The server held less than it had confirmed (restored from a backup): sent again from its mark. */
  resentFrom?: number | undefined;
  epochChanged: boolean;
  /** Entries the venue already held with the same content. */
  held: number;
  /** Entries set aside in this round (refused by the venue, or not sendable), with the reason. */
  setAside: { seq: number; reason: string }[];
  /** Install epochs opened in this round (a register restored from a backup), from which entry. */
  epochsOpened: { epoch: string; firstSeq: number; reason: string }[];
}

/** What the screen shows (VenueSyncView), and which station this is. */
export interface VenueStatus extends VenueSyncView {
  stationName: string;
  stationId: number;
}

export interface VenueSyncDeps {
  dataDir: string;
  link: VenueLinkRepo;
  clock: () => number;
  /** The station's local day now (YYYY-MM-DD): other gates' entries from the day before on are kept. */
  today: () => string;
  /** Applies one published file whose signature was checked; returns or throws (the AppError's code is recorded). */
  apply: (file: PublishedFile) => Promise<void>;
  /** The highest entry id this register has ever issued. */
  highestEntryId: () => number;
  /** Writes the station's security log (a refused file, a new epoch). */
  security: (event: 'venue-file-refused' | 'venue-epoch-opened', detail: string) => void;
}

export interface VenueSync {
  round(): Promise<RoundReport>;
  status(): VenueStatus | undefined;
  /**
   * Runs a round now and then every `everyMs` (never two at once); failures are logged and recorded. While started, a
   * round also follows soon after an entry here (`nudge`) and after another gate's entries reach the venue (LISTEN).
   * Returns a stop function.
   */
  start(everyMs?: number): () => void;
  /** An entry was written here: push it soon (a no-op unless started). */
  nudge(): void;
  /** Ends the open connection (the gate closing). */
  close(): Promise<void>;
}

/** How long a nudge waits, so a burst of entries goes in one round. */
const NUDGE_MS = 5;

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function dayBefore(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
}

export function createVenueSync(deps: VenueSyncDeps): VenueSync {
  const { link, clock } = deps;
  let running: Promise<RoundReport> | undefined;
  let started = false;

  // The one open connection: made when a round needs it, kept while it works (until `close`, or the loop's stop),
  // dropped (and made again next round) when it fails. While the loop runs it also LISTENs for the venue's new entries.
  let conn: VenueClient | undefined;
  let listening = false;
  const drop = (client: VenueClient | undefined) => {
    if (!client) return;
    if (conn === client) {
      conn = undefined;
      listening = false;
    }
    void client.end().catch(() => undefined);
  };
  const connection = async (): Promise<VenueClient> => {
    if (conn) return conn;
    const url = readStationUrl(deps.dataDir);
    if (!url) throw new AppError('VENUE_NOT_JOINED', 'venue.json is missing');
    const client = await connectVenue(url);
    client.removeAllListeners('error');
    client.on('error', () => drop(client));
    client.on('end', () => drop(client));
    conn = client;
    return client;
  };
  const listen = async (client: VenueClient, venueId: number, stationId: number) => {
    if (!started || listening) return;
    listening = true;
    await listenForEntries(client, venueId, (from) => {
      if (from !== stationId) nudge();
    });
  };

  /** The file's statement, checked: signed with the pinned key, naming this venue and file, these bytes, and newer. */
  const checked = (file: PublishedFile, adminKey: string | null, venueName: string): Statement | 'same' => {
    if (!adminKey) throw new AppError('VENUE_SIGNATURE', 'this station has no venue admin key pinned: join the venue again (venue join) to apply published files');
    // A rotation to the key this station already holds (it joined after the rotation) has nothing to do.
    if (file.kind === 'admin-key' && file.body.toString('utf8') === adminKey) return 'same';
    const st = verifyStatement(file.sig, adminKey);
    if (st.venue !== venueName || st.kind !== file.kind || st.name !== file.name) throw new AppError('VENUE_SIGNATURE', `the signature is for ${st.venue}/${st.kind}/${st.name}, not this file`);
    const digest = sha256(file.body);
    if (digest !== st.sha256) throw new AppError('VENUE_SIGNATURE', 'the file is not the one the admin signed (its digest differs)');
    const prior = link.applied(file.kind, file.name);
    if (prior && prior.sha256 === digest && prior.outcome === 'ok') return 'same';
    if (prior && prior.issuedMs > 0 && st.issuedMs <= prior.issuedMs) throw new AppError('VENUE_SIGNATURE', `an older copy (signed ${new Date(st.issuedMs).toISOString()}) than the one applied (${new Date(prior.issuedMs).toISOString()}): a rollback`);
    return st;
  };

  /** The restore checks of a round: the venue's highest number of each epoch against this register. */
  const reconcile = (h: Awaited<ReturnType<typeof hello>>, report: Pick<RoundReport, 'epochsOpened'>): number | undefined => {
    const linked = link.get()!;
    const epochs = link.epochs();
    const current = epochs[epochs.length - 1]!;
    const localHigh = deps.highestEntryId();
    // The venue holds numbers of this epoch that this register never issued: restored from a backup (or rebuilt).
    if ((h.epochs[current.epoch] ?? 0) > localHigh) {
      const epoch = link.openEpoch(localHigh + 1, 'restored', clock());
      report.epochsOpened.push({ epoch, firstSeq: localHigh + 1, reason: 'restored' });
      deps.security('venue-epoch-opened', `the venue holds entries up to ${h.epochs[current.epoch]} of epoch ${current.epoch}, this register only up to ${localHigh}: restored from a backup? New entries go in a new epoch`);
      log.warn('venue.new-epoch', { reason: 'restored', firstSeq: localHigh + 1, venueHolds: h.epochs[current.epoch], local: localHigh });
      if (linked.sentThrough > localHigh) link.resendFrom(localHigh);
      return undefined;
    }
    // The venue holds less of an epoch than it confirmed (the server restored from a backup): sent again from there.
    let from: number | undefined;
    epochs.forEach((e, i) => {
      const end = i + 1 < epochs.length ? epochs[i + 1]!.firstSeq - 1 : Number.MAX_SAFE_INTEGER;
      const confirmed = Math.min(linked.sentThrough, end);
      if (confirmed < e.firstSeq) return;
      const held = h.epochs[e.epoch] ?? 0;
      if (held < confirmed) from = Math.min(from ?? Number.MAX_SAFE_INTEGER, Math.max(held, e.firstSeq - 1));
    });
    if (from !== undefined) {
      log.warn('venue.resend', { detail: `the venue holds less than it confirmed of this station (restored from a backup?): sending again from entry ${from + 1}` });
      link.resendFrom(from);
    }
    return from;
  };

  const round = async (): Promise<RoundReport> => {
    const linked = link.get();
    if (!linked) throw new AppError('VENUE_NOT_JOINED');
    let client: VenueClient | undefined;
    try {
      client = await connection();
      const before = clock();
      const h = await hello(client);
      const skewMs = Math.round(h.serverMs - (before + clock()) / 2);
      if (h.stationId !== linked.stationId) throw new AppError('VENUE_DENIED', `this login is station ${h.stationId}, the register is linked as station ${linked.stationId}`);
      await listen(client, h.venueId, h.stationId);
      const epochChanged = linked.epoch !== null && linked.epoch !== h.venueEpoch;
      const report: RoundReport = { pushed: 0, sent: 0, held: 0, applied: [], recent: 0, skewMs, epochChanged, setAside: [], epochsOpened: [] };
      report.resentFrom = reconcile(h, report);
      if (linked.epoch !== h.venueEpoch) link.setEpoch(h.venueEpoch);
      // The pull cursors are the server's transaction ids: a restored server (a new epoch), or one whose counter is
      // behind them (restored into another cluster), would have them skip what it holds. Pulled again from the start
      // (files by their digest, entries by their key: nothing applies twice).
      const cursorsAhead = [linked.downCursor, linked.recentCursor].some((c) => BigInt(c) > BigInt(h.txidNow));
      if (epochChanged || cursorsAhead) link.setCursors({ down: '0', recent: '0' });

      const setAside = (seq: number, epoch: string, reason: string) => {
        link.setAside({ seq, epoch, reason, atMs: clock() });
        report.setAside.push({ seq, reason });
        log.warn('venue.set-aside', { entry: seq, reason });
      };
      let opened = 0;
      // The mark is written once, after the last batch (or when the round fails): each write is a durable commit at
      // the station, and a batch whose mark was lost is only sent again (and known as held).
      let committed: number | undefined;
      try {
      for (let after = link.get()!.sentThrough; ;) {
        const rows = link.outbox(after, PUSH_BATCH);
        if (rows.length === 0) break;
        let batch = rows.filter((r) => r.problem === undefined).map((r) => r.entry);
        let text = JSON.stringify(batch);
        // The venue judges every entry and refuses a bad one alone; only what would break the whole batch must not
        // leave here: a NUL or a lone surrogate (which no PostgreSQL JSON takes), another control character (so its
        // reason is this station's), or a batch over the venue's size. The batch's text says at once whether it holds
        // any; only then is each entry checked by the protocol's rules, and the bad ones set aside.
        if (rows.some((r) => r.problem !== undefined) || text.length * 3 > MAX_BATCH_BYTES || MAY_BREAK.test(text)) {
          batch = [];
          for (const r of rows) {
            const problem = r.problem ?? wireProblem(r.entry);
            if (problem) setAside(r.entry.seq, r.entry.epoch, `not sent: ${problem}`);
            else batch.push(r.entry);
          }
          text = JSON.stringify(batch);
        }
        const last = rows[rows.length - 1]!.entry.seq;
        if (batch.length > 0) {
          const r = await ingest(client, text);
          if (r.clashes.length > 0) {
            // The venue holds these numbers of this epoch with other content: this register was restored from a
            // backup and has written new entries under numbers already used. They go in a new epoch.
            if (++opened > MAX_EPOCHS_A_ROUND) throw new AppError('INTERNAL', 'the venue reports clashes again after a new epoch');
            const first = Math.min(...r.clashes.map((c) => c.seq));
            const epoch = link.openEpoch(first, 'clash', clock());
            report.epochsOpened.push({ epoch, firstSeq: first, reason: 'clash' });
            deps.security('venue-epoch-opened', `the venue holds entry ${first} of this station with other content: restored from a backup? From entry ${first} on, a new epoch`);
            log.warn('venue.new-epoch', { reason: 'clash', firstSeq: first });
            link.resendFrom(first - 1);
            after = first - 1;
            continue;
          }
          for (const x of r.refused) setAside(Number(x.seq), String(x.epoch), `refused by the venue: ${x.reason}`);
          report.pushed += r.inserted;
          report.held += r.held;
          report.sent += batch.length - r.refused.length;
        }
        // Committed on the server (or set aside here): only now may the mark move.
        committed = last;
        after = last;
      }
      } finally {
        if (committed !== undefined) link.confirm(committed);
      }

      const down = await pullPublished(client, link.get()!.downCursor);
      // A file that cannot apply yet (settings before the station is set up, a full disk) keeps the cursor where it
      // was and is tried again next round; one that is itself wrong (unsigned, a rollback, broken) is recorded and
      // left until it is replaced.
      let later = false;
      for (const file of down.files) {
        const now = link.get()!;
        let outcome = 'ok';
        let statement: Statement | 'same' | undefined;
        try {
          statement = checked(file, now.adminKey, now.venueName);
          if (statement === 'same') continue;
          if (file.kind === 'admin-key') {
            if (!statement.newKey) throw new AppError('VENUE_SIGNATURE', 'a key rotation without a new key');
            publicKeyOf(statement.newKey);
            link.setAdminKey(statement.newKey);
            log.warn('venue.admin-key-rotated', { from: now.adminKey?.slice(0, 40), by: file.name });
          } else {
            await deps.apply(file);
          }
        } catch (err) {
          outcome = err instanceof AppError ? err.code : 'INTERNAL';
          log.error('venue.apply-failed', { kind: file.kind, file: file.name, code: outcome, detail: causeOf(err) });
          if (outcome === 'VENUE_SIGNATURE') deps.security('venue-file-refused', `${file.kind} ${file.name}: ${causeOf(err)}`);
        }
        report.applied.push({ kind: file.kind, name: file.name, outcome });
        if (outcome !== 'ok' && !FINAL_FAILURES.has(outcome)) later = true;
        else if (outcome === 'ok' && statement && statement !== 'same') link.markApplied({ kind: file.kind, name: file.name, sha256: statement.sha256, at: clock(), outcome, issuedMs: statement.issuedMs });
        else link.markRefused({ kind: file.kind, name: file.name, at: clock(), outcome });
      }
      if (!later && down.cursor !== link.get()!.downCursor) link.setCursors({ down: down.cursor });

      const since = dayBefore(deps.today());
      for (;;) {
        const cursor = link.get()!.recentCursor;
        const page = await pullRecent(client, { cursor, stationId: linked.stationId, sinceDay: since, limit: RECENT_PAGE });
        report.recent += link.addRecent(page.entries);
        if (page.entries.length < RECENT_PAGE) {
          if (page.cursor !== cursor) link.setCursors({ recent: page.cursor });
          break;
        }
        // A full page that did not move the cursor is one transaction larger than a page (never the app's batches):
        // the rest of that transaction is passed over rather than read for ever.
        link.setCursors({ recent: page.cursor === cursor ? String(BigInt(cursor) + 1n) : page.cursor });
      }
      link.purgeRecentBefore(since);
      link.roundDone({ atMs: clock(), skewMs });
      return report;
    } catch (err) {
      const mapped = venueError(err);
      // A connection that failed is not used again (the next round connects anew).
      if (mapped instanceof AppError && ['VENUE_UNREACHABLE', 'VENUE_DENIED', 'VENUE_NOT_FOUND'].includes(mapped.code)) drop(client);
      link.roundFailed(mapped instanceof AppError ? mapped.code : 'INTERNAL');
      throw mapped;
    }
  };

  const status = (): VenueStatus | undefined => {
    const l = link.get();
    if (!l) return undefined;
    const now = clock();
    return {
      venueName: l.venueName, stationName: l.stationName, stationId: l.stationId,
      ...(l.lastSyncMs !== null ? { lastSyncMs: l.lastSyncMs } : {}),
      ...(l.lastError !== null ? { lastError: l.lastError } : {}),
      ...(l.skewMs !== null ? { skewMs: l.skewMs } : {}),
      pending: link.pending(l.sentThrough),
      isStale: l.lastSyncMs === null || now - l.lastSyncMs > STALE_AFTER_MS,
      isClockOff: l.skewMs !== null && Math.abs(l.skewMs) > MAX_SKEW_MS,
      setAside: link.setAsideCount(),
      refusedFiles: link.refusedFiles(),
    };
  };

  // A round asked for while one runs is run once more after it (its entries may have missed the running one).
  let again = false;
  const once = (): Promise<RoundReport> => {
    if (running) {
      again = true;
      return running;
    }
    running = round().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        void once().catch(() => undefined);
      }
    });
    return running;
  };

  let nudgeTimer: ReturnType<typeof setTimeout> | undefined;
  let lastProblem = '';
  const background = () => {
    if (!link.get()) return;
    once().then(() => {
      lastProblem = '';
    }, (err: unknown) => {
      // One line per change of problem, not one a tick: a day offline must not fill the log.
      const code = err instanceof AppError ? err.code : 'INTERNAL';
      if (code !== lastProblem) log.warn('venue.sync-failed', { code, detail: causeOf(err) });
      lastProblem = code;
    });
  };
  const nudge = () => {
    if (!started || nudgeTimer) return;
    nudgeTimer = setTimeout(() => {
      nudgeTimer = undefined;
      background();
    }, NUDGE_MS);
  };

  const api: VenueSync = {
    round: once,
    status,
    nudge,
    start(everyMs = 15_000) {
      started = true;
      background();
      const timer = setInterval(background, everyMs);
      timer.unref?.();
      return () => {
        started = false;
        clearInterval(timer);
        if (nudgeTimer) clearTimeout(nudgeTimer);
        drop(conn);
      };
    },
    async close() {
      started = false;
      if (nudgeTimer) clearTimeout(nudgeTimer);
      await running?.catch(() => undefined);
      drop(conn);
    },
  };
  return api;
}
