// The services behind the contract: one implementation per method, used by the Electron main process (IPC),
// the browser host (HTTP) and the command line alike.
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { GateEvent, Method } from '../../api/methods';
import type { CheckOutput, EntrySummary, EventPayloads, OutputOf, ParsedInputOf, SettingsView, StationInfo, TodayOutput } from '../../api/contract';
import { OUTCOMES, type Evidence, type Outcome } from '../../core/rules/types';
import { categoriesAt, evaluate } from '../../core/rules/evaluate';
import { clauseOf } from '../../core/rules/pack';
import { strictnessOf } from '../../core/rules/profile';
import { classifyCode } from '../../core/scan/parse-code';
import { decodeScan } from '../../core/credentials/decode';
import type { Identity } from '../../core/credentials/types';
import { parseId } from '../../core/credentials/cn-id';
import { sha256Hex } from '../../core/webcrypto';
import { localDayOf } from '../../core/register/local-day';
import { AppError, type Bilingual } from '../../core/errors';
import type { EntriesRepo, Entry, NewEntry } from '../../db/entries';
import type { SettingsRepo } from '../../db/settings';
import type { PackRegistry } from './packs';
import type { LoadedTrust } from './trust';
import { importTrustFile } from './trust';
import type { Register } from './register';
import type { RostersRepo, RosterPerson } from '../../db/rosters';
import { importTable, type ImportReport } from './roster-import';
import { ROSTER_PREFIX } from '../../core/scan/parse-code';
import { maskName } from './register';
import { hashPin, pinHashSchema, verifyPin, type PinHash } from './pins';
import { loadStationConfig, saveStationConfig, type StationConfig } from './station-config';
import { z } from 'zod';

export type Handlers = { [M in Method]: (input: ParsedInputOf<M>) => Promise<OutputOf<M>> };

export interface GateServiceDeps {
  dataDir: string;
  rosters: RostersRepo;
  entries: EntriesRepo;
  settings: SettingsRepo;
  packs: PackRegistry;
  register: Register;
  hashId: (id: string) => string;
  clock: () => number;
  emit: <E extends GateEvent>(event: E, payload: EventPayloads[E]) => void;
  /** The trust lists in force (loaded once, reloaded after an import). */
  trust: () => Promise<LoadedTrust>;
  reloadTrust: () => Promise<void>;
  validateDccSchema?: (content: unknown) => string[];
  exportDir: () => string;
  /** Opens a folder in the system's file manager (Electron's shell); absent in the browser host and the CLI. */
  openFolder?: (path: string) => Promise<boolean>;
  /** A fixed operator (the command line's --operator), instead of PIN sign-in. */
  operator?: () => string | undefined;
}

/** An entry as lists show it: the name masked, never the hash. */
export function summarize(e: Entry): EntrySummary {
  const s: EntrySummary = {
    id: e.id, at: e.atMs, localDay: e.localDay, category: e.category, outcome: e.outcome, citations: e.citations,
    format: e.format === 'none' ? 'opaque' : e.format,
  };
  if (e.route) s.route = e.route;
  if (e.name) s.name = maskName(e.name);
  if (e.idMasked) s.idMasked = e.idMasked;
  if (e.operator) s.operator = e.operator;
  if (e.correctsId) s.correctsId = e.correctsId;
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

const operatorsSchema = z.array(z.strictObject({ name: z.string(), pin: pinHashSchema }));
type Operators = z.infer<typeof operatorsSchema>;

/** The badge code in a roster scan (`GC1:<badge>`), or a typed or printed badge as it is. */
function badgeOf(text: string): string {
  return text.startsWith(ROSTER_PREFIX) ? text.slice(ROSTER_PREFIX.length) : text;
}

/** Evidence and identity of recent checks, kept in memory only (never stored) so an attestation can complete them. */
interface Recent {
  evidence: Evidence[];
  identity: Identity;
  entry: Entry;
  at: number;
}
const RECENT_MS = 15 * 60_000;

export function createGateServices(deps: GateServiceDeps): Handlers {
  const { entries, settings, packs, clock } = deps;
  let signedIn: string | undefined;
  const recent = new Map<number, Recent>();

  const operators = (): Operators => operatorsSchema.catch([]).parse(settings.get('operators') ?? []);
  const adminPin = (): PinHash | undefined => pinHashSchema.safeParse(settings.get('adminPin')).data;
  const requireAdmin = (pin: string) => {
    const stored = adminPin();
    if (!stored || !verifyPin(pin, stored)) throw new AppError('WRONG_PIN', 'admin PIN');
  };
  /** Who records entries: the CLI's fixed operator, or the operator signed in (SIGNED_OUT if PINs are set up and nobody is). */
  const currentOperator = (): string | undefined => {
    const fixed = deps.operator?.();
    if (fixed) return fixed;
    if (operators().length > 0 && !signedIn) throw new AppError('SIGNED_OUT');
    return signedIn;
  };

  async function station(): Promise<StationInfo> {
    const cfg = loadStationConfig(settings, packs);
    const { pack, profile } = cfg.venue;
    const now = clock();
    const packAgeDays = Math.floor((now - Date.parse(pack.effectiveFrom)) / 86_400_000);
    const packExpired = pack.effectiveTo !== null && now > Date.parse(pack.effectiveTo) + 86_400_000;
    return {
      ...(signedIn ? { operator: signedIn } : {}),
      signInRequired: operators().length > 0,
      operators: operators().map((o) => o.name),
      ui: cfg.data.ui,
      packAgeDays,
      isPackStale: packExpired || packAgeDays > cfg.data.packMaxAgeDays,
      strictness: strictnessOf(profile),
      venueName: cfg.venueName,
      stationName: cfg.stationName,
      venueKind: profile.venueKind,
      categories: categoriesAt(cfg.venue),
      defaultCategory: cfg.defaultCategory,
      pack: { id: pack.id, version: pack.version, title: pack.title, effectiveFrom: pack.effectiveFrom },
      natWindowHours: profile.natWindowHours,
      timeZone: cfg.timeZone,
      day: localDayOf(now, cfg.timeZone),
      trust: trustInfo(await deps.trust(), cfg.trustMaxAgeDays, now),
    };
  }

  async function setup(input: ParsedInputOf<'setup'>): Promise<StationInfo> {
    if (settings.get('station') !== undefined) throw new AppError('ALREADY_SET_UP');
    saveStationConfig(settings, packs, {
      venueName: input.venueName, stationName: input.stationName, profile: input.profile, retentionDays: input.retentionDays,
      ...(input.exportDir ? { exportDir: input.exportDir } : {}),
    });
    settings.put('adminPin', hashPin(input.adminPin));
    settings.put('operators', [{ name: input.operator.name, pin: hashPin(input.operator.pin) }]);
    signedIn = input.operator.name;
    return station();
  }

  async function signIn(input: ParsedInputOf<'signIn'>): Promise<{ operator: string }> {
    const op = operators().find((o) => o.name === input.name);
    if (!op || !verifyPin(input.pin, op.pin)) throw new AppError('WRONG_PIN', 'operator PIN');
    signedIn = op.name;
    return { operator: op.name };
  }

  async function lock(): Promise<{ locked: true }> {
    signedIn = undefined;
    recent.clear();
    return { locked: true };
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

  /** Evaluates, writes one entry, announces it and shapes the output: the one path every outcome takes. */
  function decide(cfg: StationConfig, o: {
    now: number; category: ParsedInputOf<'check'>['category']; evidence: Evidence[]; identity: Identity; format: NewEntry['format'];
    operator: string | undefined; fingerprint?: string; idHash?: string; summary: Record<string, unknown>; notes: Bilingual[];
    decodeError?: CheckOutput['decodeError']; correctsId?: number; note?: string;
  }): CheckOutput {
    const verdict = evaluate(cfg.venue, { category: o.category }, o.evidence, o.now);
    const tests = o.evidence.filter((e) => e.kind === 'test');
    const summary: Record<string, unknown> = {
      ...o.summary,
      kinds: o.evidence.map((e) => e.kind),
      sources: [...new Set(o.evidence.map((e) => ('source' in e ? e.source : undefined)).filter(Boolean))],
    };
    if (tests.length) summary.tests = tests.map((t) => ({ method: t.method, result: t.result }));
    const code = o.evidence.find((e) => e.kind === 'health-code');
    if (code) summary.codeColor = code.color;
    if (verdict.hoursSinceSample !== undefined) summary.hoursSinceSample = verdict.hoursSinceSample;
    if (o.decodeError) summary.decodeError = o.decodeError.code;
    const entry: NewEntry = {
      atMs: o.now,
      localDay: localDayOf(o.now, cfg.timeZone),
      station: cfg.stationName,
      packId: cfg.venue.pack.id,
      packVersion: cfg.venue.pack.version,
      venueKind: cfg.profile.venueKind,
      category: o.category,
      outcome: verdict.outcome,
      citations: verdict.citations,
      evidenceSummary: summary,
      format: o.format,
      ...(o.fingerprint ? { payloadFingerprint: o.fingerprint } : {}),
      ...(verdict.route ? { route: verdict.route } : {}),
      ...(o.operator ? { operator: o.operator } : {}),
      ...(o.identity.name ? { name: o.identity.name } : {}),
      ...(o.identity.idMasked ? { idMasked: o.identity.idMasked } : {}),
      ...(o.idHash ? { idHash: o.idHash } : {}),
      ...(o.correctsId ? { correctsId: o.correctsId } : {}),
      ...(o.note ? { note: o.note } : {}),
    };
    const id = entries.insert(entry);
    const written: Entry = { id, ...entry };
    recent.set(id, { evidence: o.evidence, identity: o.identity, entry: written, at: o.now });
    for (const [k, v] of recent) if (o.now - v.at > RECENT_MS || recent.size > 50) recent.delete(k);
    deps.emit('entryRecorded', summarize(written));

    const out: CheckOutput = {
      entryId: id,
      at: o.now,
      format: o.format === 'none' ? 'opaque' : o.format,
      outcome: verdict.outcome,
      citations: verdict.citations.map((c) => {
        const clause = clauseOf(cfg.venue.pack, c);
        return { id: c, zh: clause?.zh ?? c, en: clause?.en ?? c };
      }),
      reasons: [...(o.decodeError ? [o.decodeError.message] : []), ...o.notes, ...verdict.reasons],
      missing: verdict.missing,
    };
    if (verdict.route) out.route = verdict.route;
    if (verdict.hoursSinceSample !== undefined) out.hoursSinceSample = verdict.hoursSinceSample;
    if (o.identity.name || o.identity.birthDate) out.holder = { ...(o.identity.name ? { name: o.identity.name } : {}), ...(o.identity.birthDate ? { birthDate: o.identity.birthDate } : {}) };
    if (o.decodeError) out.decodeError = o.decodeError;
    return out;
  }

  async function check(input: ParsedInputOf<'check'>): Promise<CheckOutput> {
    const cfg = loadStationConfig(settings, packs);
    const operator = currentOperator();
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
    const decoded = await decodeScan(collected.parts, { trust: trust.store, now, ...(deps.validateDccSchema ? { validateDccSchema: deps.validateDccSchema } : {}) });
    const evidence: Evidence[] = decoded.ok ? [...decoded.evidence] : [];
    let idHash: string | undefined;
    if (decoded.ok && decoded.idNumber) {
      idHash = deps.hashId(decoded.idNumber);
      for (const e of evidence) if (e.kind === 'identity') e.idHash = idHash;
    }
    const summary: Record<string, unknown> = { input: input.source, format: decoded.format };
    if (decoded.ok && decoded.meta.issuer) summary.issuer = decoded.meta.issuer;
    if (decoded.ok && decoded.meta.certificateType) summary.certificateType = decoded.meta.certificateType;
    let identity: Identity = decoded.ok ? decoded.identity : {};
    let notes = decoded.ok ? decoded.notes : [];
    let category = input.category;
    // The roster: an ID number or a badge finds a person who comes every day; the roster sets their category and
    // their latest lab result becomes evidence (source "roster").
    const person = idHash ? deps.rosters.byIdHash(idHash) : decoded.ok && (format === 'roster' || format === 'opaque') ? deps.rosters.byBadge(badgeOf(text)) : undefined;
    if (person) {
      if (categoriesAt(cfg.venue).includes(person.category)) category = person.category;
      identity = { ...identity, name: person.name, ...(person.idMasked ? { idMasked: person.idMasked } : {}) };
      evidence.push({ kind: 'identity', name: person.name, ...(person.idHash ? { idHash: person.idHash } : {}), source: 'roster' });
      evidence.push(...rosterTests(person));
      notes = [{ zh: `名单人员：${person.name}`, en: `On the roster: ${person.name}` }];
      summary.roster = true;
    }
    return decide(cfg, {
      now, category, evidence, identity, format, operator, summary, notes,
      ...(idHash ?? person?.idHash ? { idHash: (idHash ?? person?.idHash)! } : {}),
      fingerprint: await sha256Hex(collected.parts.join('\n')),
      ...(decoded.ok ? {} : { decodeError: { code: decoded.code, message: decoded.words } }),
    });
  }

  /** A roster person's recent results as evidence; the rules pick the one that counts. */
  function rosterTests(person: RosterPerson): Evidence[] {
    return deps.rosters.resultsFor(person).map((r) => ({
      kind: 'test', method: r.method, result: r.result, sampledAt: new Date(r.sampledMs).toISOString(), source: 'roster',
      ...(r.ct !== undefined ? { ct: r.ct } : {}), ...(r.lab ? { issuer: r.lab } : {}),
    }) as Evidence);
  }

  async function importRoster(input: ParsedInputOf<'importRoster'>): Promise<ImportReport> {
    requireAdmin(input.adminPin);
    return importTable({ rosters: deps.rosters, hashId: deps.hashId, clock }, input.kind, Buffer.from(input.contentBase64, 'base64'), input.fileName, input.commit);
  }

  async function record(input: ParsedInputOf<'record'>): Promise<CheckOutput> {
    const cfg = loadStationConfig(settings, packs);
    const operator = currentOperator();
    const now = clock();
    let base: Recent | undefined;
    if (input.correctsId !== undefined) {
      base = recent.get(input.correctsId);
      const stored = entries.get(input.correctsId);
      if (!stored) throw new AppError('INVALID_INPUT', `no entry ${input.correctsId}`);
      // After a restart or a lock the scan's evidence is gone (it is never stored): the attestation stands alone.
      base ??= { evidence: [], identity: { ...(stored.name ? { name: stored.name } : {}), ...(stored.idMasked ? { idMasked: stored.idMasked } : {}) }, entry: stored, at: stored.atMs };
    }
    const attested: Evidence[] = input.evidence.map((e) => ({ ...e, source: 'attested' }) as Evidence);
    // What the operator attests replaces the same kind of evidence from the scan (a code colour seen now wins).
    const kinds = new Set(attested.map((e) => e.kind));
    const evidence = [...(base?.evidence ?? []).filter((e) => !kinds.has(e.kind) || e.kind === 'test'), ...attested];
    const summary: Record<string, unknown> = { input: 'attested', ...(base ? { completes: base.entry.format } : {}) };
    return decide(cfg, {
      now, category: input.category, evidence, identity: base?.identity ?? {}, format: base?.entry.format ?? 'none', operator, summary, notes: [],
      ...(base?.entry.idHash ? { idHash: base.entry.idHash } : {}),
      ...(base?.entry.payloadFingerprint ? { fingerprint: base.entry.payloadFingerprint } : {}),
      ...(input.correctsId !== undefined ? { correctsId: input.correctsId } : {}),
      ...(input.note ? { note: input.note } : {}),
    });
  }

  async function today(input: ParsedInputOf<'today'>): Promise<TodayOutput> {
    const cfg = loadStationConfig(settings, packs);
    const day = localDayOf(clock(), cfg.timeZone);
    const counts = entries.countsForDay(day);
    const byOutcome = Object.fromEntries(OUTCOMES.map((o) => [o, counts.byOutcome[o] ?? 0])) as Record<Outcome, number>;
    return { day, byOutcome, byCategory: counts.byCategory, recent: entries.listForDay(day, input.limit).map(summarize) };
  }

  async function searchRegister(input: ParsedInputOf<'searchRegister'>): Promise<EntrySummary[]> {
    currentOperator();
    let idHash: string | undefined;
    if (input.idNumber) {
      const id = parseId(input.idNumber);
      if (!id.ok) throw new AppError('INVALID_INPUT', `idNumber: ${id.reason}`);
      idHash = deps.hashId(id.id);
    }
    return entries.search({
      ...(input.fromDay ? { fromDay: input.fromDay } : {}), ...(input.toDay ? { toDay: input.toDay } : {}),
      ...(input.outcome ? { outcome: input.outcome } : {}), ...(input.category ? { category: input.category } : {}),
      ...(input.name ? { name: input.name } : {}), ...(idHash ? { idHash } : {}), limit: input.limit,
    }).map(summarize);
  }

  async function exportDays(input: ParsedInputOf<'exportDays'>): Promise<{ path: string; rows: number }> {
    const operator = currentOperator();
    return deps.register.exportDays({
      fromDay: input.fromDay, toDay: input.toDay, outDir: deps.exportDir(), kind: 'manual', language: input.language, now: clock(),
      ...(operator ? { operator } : {}), ...(input.adminPin ? { unmasked: { adminPin: input.adminPin } } : {}),
    });
  }

  async function openExportFolder(): Promise<{ path: string; opened: boolean }> {
    const path = deps.exportDir();
    mkdirSync(path, { recursive: true });
    return { path, opened: deps.openFolder ? await deps.openFolder(path) : false };
  }

  async function settingsView(): Promise<SettingsView> {
    const cfg = loadStationConfig(settings, packs);
    return {
      venueName: cfg.venueName, stationName: cfg.stationName, profile: cfg.profile, retentionDays: cfg.retentionDays, exportDir: deps.exportDir(),
      trustMaxAgeDays: cfg.trustMaxAgeDays, defaultCategory: cfg.defaultCategory, ui: cfg.data.ui, operators: operators().map((o) => o.name),
      packs: packs.all().map((p) => ({ id: p.id, version: p.version, title: p.title })),
      trust: trustInfo(await deps.trust(), cfg.trustMaxAgeDays, clock()),
    };
  }

  async function getSettings(input: ParsedInputOf<'getSettings'>): Promise<SettingsView> {
    requireAdmin(input.adminPin);
    return settingsView();
  }

  async function saveSettings(input: ParsedInputOf<'saveSettings'>): Promise<SettingsView> {
    requireAdmin(input.adminPin);
    const { addOperator, removeOperator, newAdminPin, ui, ...config } = input.changes;
    const current = loadStationConfig(settings, packs).data;
    saveStationConfig(settings, packs, { ...current, ...config, ui: { ...current.ui, ...(ui ?? {}) } });
    let ops = operators();
    if (removeOperator) {
      if (ops.length === 1 && ops[0]!.name === removeOperator) throw new AppError('INVALID_INPUT', 'the last operator cannot be removed');
      ops = ops.filter((o) => o.name !== removeOperator);
      if (signedIn === removeOperator) signedIn = undefined;
    }
    if (addOperator) ops = [...ops.filter((o) => o.name !== addOperator.name), { name: addOperator.name, pin: hashPin(addOperator.pin) }];
    settings.put('operators', ops);
    if (newAdminPin) settings.put('adminPin', hashPin(newAdminPin));
    return settingsView();
  }

  async function importTrust(input: ParsedInputOf<'importTrust'>): Promise<StationInfo['trust']> {
    requireAdmin(input.adminPin);
    const cfg = loadStationConfig(settings, packs);
    const staging = join(deps.dataDir, 'trust-staging');
    mkdirSync(staging, { recursive: true });
    const name = input.fileName.replace(/[^\w.\-\u4e00-\u9fff]/g, '_').replace(/^\.+/, '') || 'trust.json';
    const file = join(staging, name.endsWith('.json') ? name : `${name}.json`);
    try {
      writeFileSync(file, input.content);
      await importTrustFile(deps.dataDir, file);
    } finally {
      rmSync(file, { force: true });
    }
    await deps.reloadTrust();
    return trustInfo(await deps.trust(), cfg.trustMaxAgeDays, clock());
  }

  return { station, setup, signIn, lock, check, record, today, searchRegister, exportDays, openExportFolder, getSettings, saveSettings, importTrust, importRoster };
}
