// One sync round of a station with its venue's register (issue 18), and the background loop that runs it.
//
// Up, exactly once: the outbox is every entry above what the venue has confirmed. Each batch goes in one transaction
// of the ingest function, which skips rows it already holds; the station moves its mark only after that transaction
// has committed. A lost confirmation, a server restarted mid-batch, a station killed mid-push: the batch is sent
// again and lands once. A server that holds less than the station was told (restored from a backup; a new epoch)
// is sent what it lacks.
// Down: published files by a txid cursor, applied through the same imports as the admin's own (by digest: a file
// applied once is not applied again). Across: other gates' entries of today and yesterday (keyed hashes only).
import { AppError, causeOf } from '../../../core/errors';
import type { VenueLinkRepo } from '../../../db/venue-link';
import { connectVenue, hello, ingest, listenForEntries, pullPublished, pullRecent, venueError, type PublishedFile } from '../../../db/venue/server';
import { readStationUrl } from './link-files';
import type { VenueSyncView } from '../../../api/views';
import { log } from '../station-log';

/** Entries per ingest call (one transaction each). */
export const PUSH_BATCH = 1000;
/**
 * Other gates' entries per page. A full page ends at its last row's transaction and the next begins there, so a page
 * must hold more than one transaction's rows: the ingest function takes at most 5,000 a call.
 */
const RECENT_PAGE = 20_000;
/** Failures of a published file that are its own (it will fail the same way until replaced): not tried again. */
const FINAL_FAILURES: ReadonlySet<string> = new Set(['PACK_INVALID', 'PACK_UNSIGNED', 'PACK_SIGNATURE', 'PROFILE_INVALID', 'TRUST_INVALID', 'INVALID_INPUT', 'TOO_LARGE']);
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
  /** Applies one published file; returns 'ok' or throws (the AppError's code is recorded). */
  apply: (file: PublishedFile) => Promise<void>;
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
}

/** How long a nudge waits, so a burst of entries goes in one round. */
const NUDGE_MS = 50;

function dayBefore(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
}

export function createVenueSync(deps: VenueSyncDeps): VenueSync {
  const { link, clock } = deps;
  let running: Promise<RoundReport> | undefined;

  const round = async (): Promise<RoundReport> => {
    const linked = link.get();
    if (!linked) throw new AppError('VENUE_NOT_JOINED');
    let client;
    try {
      const url = readStationUrl(deps.dataDir);
      if (!url) throw new AppError('VENUE_NOT_JOINED', 'venue.json is missing');
      client = await connectVenue(url);
      const before = clock();
      const h = await hello(client);
      const skewMs = Math.round(h.serverMs - (before + clock()) / 2);
      if (h.stationId !== linked.stationId) throw new AppError('VENUE_DENIED', `this login is station ${h.stationId}, the register is linked as station ${linked.stationId}`);
      const epochChanged = linked.epoch !== null && linked.epoch !== h.epoch;
      let resentFrom: number | undefined;
      if (h.highSeq < linked.sentThrough) {
        resentFrom = h.highSeq;
        log.warn('venue.resend', { detail: `the venue holds entries up to ${h.highSeq} of this station, not ${linked.sentThrough} (restored from a backup?): sending again from there` });
        link.resendFrom(h.highSeq);
      }
      link.setEpoch(h.epoch);
      // The pull cursors are the server's transaction ids: a restored server (a new epoch), or one whose counter is
      // behind them (restored into another cluster), would have them skip what it holds. Pulled again from the start
      // (files by their digest, entries by their key: nothing applies twice).
      const cursorsAhead = [linked.downCursor, linked.recentCursor].some((c) => BigInt(c) > BigInt(h.txidNow));
      if (epochChanged || cursorsAhead) link.setCursors({ down: '0', recent: '0' });

      let pushed = 0;
      let sent = 0;
      for (let after = link.get()!.sentThrough; ;) {
        const batch = link.outbox(after, PUSH_BATCH);
        if (batch.length === 0) break;
        const r = await ingest(client, batch);
        after = batch[batch.length - 1]!.seq;
        // Committed on the server: only now is the mark moved.
        link.confirm(after);
        pushed += r.inserted;
        sent += batch.length;
      }

      const applied: RoundReport['applied'] = [];
      const down = await pullPublished(client, link.get()!.downCursor);
      // A file that cannot apply yet (settings before the station is set up, a full disk) keeps the cursor where it
      // was and is tried again next round; one that is itself wrong is recorded and left until it is replaced.
      let later = false;
      for (const file of down.files) {
        if (link.appliedDigest(file.kind, file.name) === file.sha256) continue;
        let outcome = 'ok';
        try {
          await deps.apply(file);
        } catch (err) {
          outcome = err instanceof AppError ? err.code : 'INTERNAL';
          log.error('venue.apply-failed', { kind: file.kind, file: file.name, detail: causeOf(err) });
        }
        applied.push({ kind: file.kind, name: file.name, outcome });
        if (outcome !== 'ok' && !FINAL_FAILURES.has(outcome)) later = true;
        else link.markApplied({ kind: file.kind, name: file.name, sha256: file.sha256, at: clock(), outcome });
      }
      if (!later) link.setCursors({ down: down.cursor });

      const since = dayBefore(deps.today());
      let recent = 0;
      for (;;) {
        const cursor = link.get()!.recentCursor;
        const page = await pullRecent(client, { cursor, stationId: linked.stationId, sinceDay: since, limit: RECENT_PAGE });
        recent += link.addRecent(page.entries);
        if (page.entries.length < RECENT_PAGE) {
          link.setCursors({ recent: page.cursor });
          break;
        }
        // A full page that did not move the cursor is one transaction larger than a page (never the app's batches):
        // the rest of that transaction is passed over rather than read for ever.
        link.setCursors({ recent: page.cursor === cursor ? String(BigInt(cursor) + 1n) : page.cursor });
      }
      link.purgeRecentBefore(since);
      link.roundDone({ atMs: clock(), skewMs });
      return { pushed, sent, applied, recent, skewMs, resentFrom, epochChanged };
    } catch (err) {
      const mapped = venueError(err);
      link.roundFailed(mapped instanceof AppError ? mapped.code : 'INTERNAL');
      throw mapped;
    } finally {
      await client?.end().catch(() => undefined);
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

  let started = false;
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
      let stopListening: (() => Promise<void>) | undefined;
      let listening = false;
      const listen = () => {
        if (listening) return;
        const linked = link.get();
        let url: string | undefined;
        try {
          url = linked && readStationUrl(deps.dataDir);
        } catch {
          return; // a damaged venue.json: the round reports it (VENUE_NOT_JOINED), once per change
        }
        if (!linked || !url) return;
        listening = true;
        listenForEntries(url, linked.venueId, (from) => {
          if (from !== linked.stationId) nudge();
        }, () => {
          listening = false;
          stopListening = undefined;
        }).then((stop) => {
          if (!started) void stop();
          else stopListening = stop;
        }, () => {
          listening = false;
        });
      };
      const tick = () => {
        background();
        listen();
      };
      tick();
      const timer = setInterval(tick, everyMs);
      timer.unref?.();
      return () => {
        started = false;
        clearInterval(timer);
        if (nudgeTimer) clearTimeout(nudgeTimer);
        void stopListening?.();
      };
    },
  };
  return api;
}
