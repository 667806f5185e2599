// The services behind the contract: one implementation per method, used by the Electron main process (IPC),
// the browser host (HTTP) and the command line alike.
import type { Method } from '../../api/methods';
import type { CheckOutput, EntrySummary, EventPayloads, OutputOf, ParsedInputOf, StationInfo, TodayOutput } from '../../api/contract';
import type { GateEvent } from '../../api/methods';
import { OUTCOMES, type Evidence, type Outcome } from '../../core/rules/types';
import { categoriesAt, evaluate } from '../../core/rules/evaluate';
import { clauseOf } from '../../core/rules/pack';
import { classifyCode } from '../../core/scan/parse-code';
import { parseId, maskId } from '../../core/credentials/cn-id';
import { sha256Hex } from '../../core/webcrypto';
import { localDayOf } from '../../core/register/local-day';
import type { Bilingual } from '../../core/errors';
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
}

export function summarize(e: Entry): EntrySummary {
  const s: EntrySummary = { id: e.id, at: e.atMs, category: e.category, outcome: e.outcome, format: e.format === 'none' ? 'opaque' : e.format };
  if (e.route) s.route = e.route;
  if (e.name) s.name = e.name;
  if (e.idMasked) s.idMasked = e.idMasked;
  return s;
}

const ID_ERRORS: Record<'FORMAT' | 'CHECK_DIGIT' | 'BIRTH_DATE', Bilingual> = {
  FORMAT: { zh: '身份证号格式不对', en: 'Not an ID number' },
  CHECK_DIGIT: { zh: '身份证号校验位错误，请核对后重输', en: 'The ID number check digit is wrong; check and re-enter it' },
  BIRTH_DATE: { zh: '身份证号中的出生日期不存在', en: 'The birth date in the ID number does not exist' },
};

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
    };
  }

  async function check(input: ParsedInputOf<'check'>): Promise<CheckOutput> {
    const cfg = loadStationConfig(settings, packs);
    const now = clock();
    const { format, text } = classifyCode(input.code);
    const fingerprint = await sha256Hex(text);
    const evidence: Evidence[] = [];
    let decodeError: CheckOutput['decodeError'];
    let idMasked: string | undefined;
    let idHash: string | undefined;
    let holder: CheckOutput['holder'];

    if (format === 'cn-id') {
      const parsed = parseId(text);
      if (parsed.ok) {
        idMasked = maskId(parsed.id);
        idHash = deps.hashId(parsed.id);
        evidence.push({ kind: 'identity', idMasked, idHash, birthDate: parsed.birthDate, source: 'verified' });
        holder = { birthDate: parsed.birthDate };
      } else {
        decodeError = { code: parsed.reason, message: ID_ERRORS[parsed.reason] };
      }
    } else if (format === 'eu-dcc' || format === 'shc') {
      decodeError = { code: 'UNSUPPORTED', message: { zh: '本版本尚不能核验此类证书', en: 'This build cannot verify this certificate format yet' } };
    }

    const verdict = evaluate(cfg.venue, { category: input.category }, evidence, now);
    const summary: Record<string, unknown> = {
      kinds: evidence.map((e) => e.kind),
      sources: [...new Set(evidence.map((e) => ('source' in e ? e.source : undefined)).filter(Boolean))],
      input: input.source,
    };
    if (verdict.hoursSinceSample !== undefined) summary.hoursSinceSample = verdict.hoursSinceSample;
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
      ...(idMasked ? { idMasked } : {}),
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
      reasons: decodeError ? [decodeError.message, ...verdict.reasons] : verdict.reasons,
      missing: verdict.missing,
    };
    if (verdict.route) out.route = verdict.route;
    if (verdict.hoursSinceSample !== undefined) out.hoursSinceSample = verdict.hoursSinceSample;
    if (holder) out.holder = holder;
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
