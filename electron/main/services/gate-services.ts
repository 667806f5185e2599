// The services behind the contract: one implementation per method, used by the Electron main process (IPC),
// the browser host (HTTP) and the command line alike.
import type { Method } from '../../api/methods';
import type { CheckOutput, EntrySummary, EventPayloads, OutputOf, ParsedInputOf, StationInfo, TodayOutput } from '../../api/contract';
import type { GateEvent } from '../../api/methods';
import { OUTCOMES, type Evidence, type Outcome } from '../../core/rules/types';
import { categoriesAt, evaluate } from '../../core/rules/evaluate';
import { clauseOf } from '../../core/rules/pack';
import { classifyCode } from '../../core/scan/parse-code';
import { decodeScan } from '../../core/credentials/decode';
import type { LoadedTrust } from './trust';
import { sha256Hex } from '../../core/webcrypto';
import { localDayOf } from '../../core/register/local-day';
import type { EntriesRepo, Entry } from '../../db/entries';
import type { SettingsRepo } from '../../db/settings';
import type { PackRegistry } from './packs';
import { loadStationConfig } from './station-config';

export type Handlers = { [M in Method]: (input: ParsedInputOf<M>) => Promise<OutputOf<M>> };

export interface GateServiceDeps {
  entries: EntriesRepo;
  settings: SettingsRepo;
  packs: PackRegistry;
  hashId: (id: string) => string;
  clock: () => number;
  emit: <E extends GateEvent>(event: E, payload: EventPayloads[E]) => void;
  operator?: () => string | undefined;
  /** The trust lists in force (loaded once, reloaded after an import). */
  trust: () => Promise<LoadedTrust>;
  validateDccSchema?: (content: unknown) => string[];
}

export function summarize(e: Entry): EntrySummary {
  const s: EntrySummary = { id: e.id, at: e.atMs, category: e.category, outcome: e.outcome, format: e.format === 'none' ? 'opaque' : e.format };
  if (e.route) s.route = e.route;
  if (e.name) s.name = e.name;
  if (e.idMasked) s.idMasked = e.idMasked;
  return s;
}

/** The trust lists' date and whether it is older than the station allows (no date at all counts as stale). */
export function trustInfo(trust: LoadedTrust, maxAgeDays: number, now: number): StationInfo['trust'] {
  const at = trust.date ? Date.parse(trust.date) : NaN;
  return {
    ...(trust.date ? { date: trust.date } : {}),
    euSigners: trust.store.counts.euSigners,
    smartIssuers: trust.store.counts.smartIssuers,
    maxAgeDays,
    isStale: !Number.isFinite(at) || now - at > maxAgeDays * 86_400_000,
  };
}

export function createGateServices(deps: GateServiceDeps): Handlers {
  const { entries, settings, packs, clock } = deps;

  async function station(): Promise<StationInfo> {
    const cfg = loadStationConfig(settings, packs);
    const { pack, profile } = cfg.venue;
    return {
      venueName: cfg.venueName,
      stationName: cfg.stationName,
      venueKind: profile.venueKind,
      categories: categoriesAt(cfg.venue),
      defaultCategory: cfg.defaultCategory,
      pack: { id: pack.id, version: pack.version, title: pack.title },
      natWindowHours: profile.natWindowHours,
      timeZone: cfg.timeZone,
      trust: trustInfo(await deps.trust(), cfg.trustMaxAgeDays, clock()),
    };
  }

  // Parts of chunked SMART Health Cards (shc:/i/n/…) scanned so far, by part count; forgotten after two minutes.
  const pendingChunks = new Map<number, { parts: Map<number, string>; at: number }>();

  function collectChunk(text: string, now: number): { parts: string[] } | { scanned: number; total: number } {
    const m = /^shc:\/(\d+)\/(\d+)\//i.exec(text);
    if (!m) return { parts: [text] };
    const [i, n] = [Number(m[1]), Number(m[2])];
    for (const [k, v] of pendingChunks) if (now - v.at > 120_000) pendingChunks.delete(k);
    const entry = pendingChunks.get(n) ?? { parts: new Map<number, string>(), at: now };
    entry.parts.set(i, text);
    entry.at = now;
    pendingChunks.set(n, entry);
    if (entry.parts.size < n) return { scanned: entry.parts.size, total: n };
    pendingChunks.delete(n);
    return { parts: [...entry.parts.values()] };
  }

  async function check(input: ParsedInputOf<'check'>): Promise<CheckOutput> {
    const cfg = loadStationConfig(settings, packs);
    const now = clock();
    const { format, text } = classifyCode(input.code);
    const collected = format === 'shc' ? collectChunk(text, now) : { parts: [text] };
    if (!('parts' in collected)) {
      return {
        entryId: null, at: now, format, outcome: 'need', citations: [], missing: [],
        reasons: [{ zh: `多段二维码：已扫 ${collected.scanned}/${collected.total} 段，请继续扫描`, en: `Multi-part code: ${collected.scanned} of ${collected.total} parts scanned; scan the rest` }],
        partial: collected,
      };
    }
    const trust = await deps.trust();
    const decoded = await decodeScan(collected.parts, { trust: trust.store, now, validateDccSchema: deps.validateDccSchema });
    const fingerprint = await sha256Hex(collected.parts.join('\n'));
    const evidence: Evidence[] = decoded.ok ? [...decoded.evidence] : [];
    let idHash: string | undefined;
    if (decoded.ok && decoded.idNumber) {
      idHash = deps.hashId(decoded.idNumber);
      for (const e of evidence) if (e.kind === 'identity') e.idHash = idHash;
    }
    const identity = decoded.ok ? decoded.identity : {};
    const decodeError = decoded.ok ? undefined : { code: decoded.code, message: decoded.words };

    const verdict = evaluate(cfg.venue, { category: input.category }, evidence, now);
    const tests = evidence.filter((e) => e.kind === 'test');
    const summary: Record<string, unknown> = {
      kinds: evidence.map((e) => e.kind),
      sources: [...new Set(evidence.map((e) => ('source' in e ? e.source : undefined)).filter(Boolean))],
      input: input.source,
      format: decoded.format,
    };
    if (tests.length) summary.tests = tests.map((t) => ({ method: t.method, result: t.result }));
    if (verdict.hoursSinceSample !== undefined) summary.hoursSinceSample = verdict.hoursSinceSample;
    if (decoded.ok && decoded.meta.issuer) summary.issuer = decoded.meta.issuer;
    if (decoded.ok && decoded.meta.certificateType) summary.certificateType = decoded.meta.certificateType;
    if (decodeError) summary.decodeError = decodeError.code;

    const entry = {
      atMs: now,
      localDay: localDayOf(now, cfg.timeZone),
      station: cfg.stationName,
      packId: cfg.venue.pack.id,
      packVersion: cfg.venue.pack.version,
      venueKind: cfg.profile.venueKind,
      category: input.category,
      outcome: verdict.outcome,
      citations: verdict.citations,
      evidenceSummary: summary,
      format,
      payloadFingerprint: fingerprint,
      ...(verdict.route ? { route: verdict.route } : {}),
      ...(deps.operator?.() ? { operator: deps.operator() } : {}),
      ...(identity.name ? { name: identity.name } : {}),
      ...(identity.idMasked ? { idMasked: identity.idMasked } : {}),
      ...(idHash ? { idHash } : {}),
    };
    const id = entries.insert(entry);
    deps.emit('entryRecorded', summarize({ id, ...entry }));

    const out: CheckOutput = {
      entryId: id,
      at: now,
      format,
      outcome: verdict.outcome,
      citations: verdict.citations.map((c) => {
        const clause = clauseOf(cfg.venue.pack, c);
        return { id: c, zh: clause?.zh ?? c, en: clause?.en ?? c };
      }),
      reasons: [...(decodeError ? [decodeError.message] : []), ...(decoded.ok ? decoded.notes : []), ...verdict.reasons],
      missing: verdict.missing,
    };
    if (verdict.route) out.route = verdict.route;
    if (verdict.hoursSinceSample !== undefined) out.hoursSinceSample = verdict.hoursSinceSample;
    if (identity.name || identity.birthDate) out.holder = { ...(identity.name ? { name: identity.name } : {}), ...(identity.birthDate ? { birthDate: identity.birthDate } : {}) };
    if (decodeError) out.decodeError = decodeError;
    return out;
  }

  async function today(input: ParsedInputOf<'today'>): Promise<TodayOutput> {
    const cfg = loadStationConfig(settings, packs);
    const day = localDayOf(clock(), cfg.timeZone);
    const counts = entries.countsForDay(day);
    const byOutcome = Object.fromEntries(OUTCOMES.map((o) => [o, counts.byOutcome[o] ?? 0])) as Record<Outcome, number>;
    return { day, byOutcome, byCategory: counts.byCategory, recent: entries.listForDay(day, input.limit).map(summarize) };
  }

  return { station, check, today };
}
