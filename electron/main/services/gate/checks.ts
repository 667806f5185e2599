// Checks: a scan decoded, verified, looked up on the roster, evaluated and written (check); an operator's
// attestation or an emergency admission written, completing a recent check where there is one (record).
import type { CheckOutput, Handlers, ParsedInputOf } from '../../../api/contract';
import type { Bilingual } from '../../../core/errors';
import { AppError } from '../../../core/errors';
import type { Category, Evidence } from '../../../core/rules/types';
import { categoriesAt, evaluate } from '../../../core/rules/evaluate';
import { clauseOf } from '../../../core/rules/pack';
import { classifyCode, ROSTER_PREFIX } from '../../../core/scan/parse-code';
import { collectShcChunk, initialShcChunkState } from '../../../core/scan/shc-chunks';
import { decodeScan } from '../../../core/credentials/decode';
import { DECODE_WORDS, isVerificationFailure, type DecodeErrorCode, type Identity } from '../../../core/credentials/types';
import { localDayOf } from '../../../core/register/local-day';
import type { EvidenceSummary } from '../../../core/register/evidence-summary';
import type { Entry, NewEntry } from '../../../db/entries';
import type { RosterPerson } from '../../../db/rosters';
import { loadStationConfig, type StationConfig } from '../station-config';
import { verificationOf } from '../../../core/register/reason';
import { NOTE_PHRASES, stored } from '../../../core/register/notes';
import type { GateContext, RecentCheck } from './context';
import { summarize } from './register';
import { markStage } from '../stage-timing';
import { clockTimeOf, maskName } from '../register';
import { nameInText } from '../../../core/register/names';
import { claimed } from './inside';

/** The badge code in a roster scan (`GC1:<badge>`), or a typed or printed badge as it is. */
function badgeOf(text: string): string {
  return text.startsWith(ROSTER_PREFIX) ? text.slice(ROSTER_PREFIX.length) : text;
}

interface Decision {
  now: number;
  category: Category;
  evidence: Evidence[];
  identity: Identity;
  format: NewEntry['format'];
  operator: string | undefined;
  fingerprint?: string | undefined;
  idHash?: string | undefined;
  summary: Omit<EvidenceSummary, 'kinds' | 'sources'>;
  notes: Bilingual[];
  decodeError?: CheckOutput['decodeError'];
  /** Problems carried from the scan this entry completes, and the scan's own. */
  problems: DecodeErrorCode[];
  correctsId?: number | undefined;
  note?: string | undefined;
}


/**
 * The kinds of earlier attested evidence an attestation replaces: its own kinds, and the tests besides when it says
 * what the phone shows (a health code with its NAT line: "green code only" says there is no test to count).
 */
function replacedKinds(attested: Evidence[]): Set<Evidence['kind']> {
  const kinds = new Set(attested.map((e) => e.kind));
  if (kinds.has('health-code')) kinds.add('test');
  return kinds;
}

/** Decode failures that mean the burst was cut (a stall inside it), not that the certificate is bad. */
const CUT_SHORT: ReadonlySet<DecodeErrorCode> = new Set(['PREFIX', 'BASE45', 'NUMERIC', 'COMPRESSION', 'COSE', 'CBOR', 'JWS']);

export function checkHandlers(ctx: GateContext): Pick<Handlers, 'check' | 'record' | 'emergencyLocked'> {
  const { entries, settings, packs, clock, session, recent } = ctx;
  let chunks = initialShcChunkState;

  /** Evaluates, writes one entry, announces it and shapes the output: the one path every outcome takes. */
  function decide(cfg: StationConfig, o: Decision): CheckOutput {
    const verdict = evaluate(cfg.venue, { category: o.category }, o.evidence, o.now);
    markStage('rules');
    const tests = o.evidence.filter((e) => e.kind === 'test');
    const code = o.evidence.find((e) => e.kind === 'health-code');
    const summary: EvidenceSummary = {
      ...o.summary,
      kinds: o.evidence.map((e) => e.kind),
      sources: [...new Set(o.evidence.flatMap((e) => (e.source ? [e.source] : [])))],
      tests: tests.length ? tests.map((t) => ({ method: t.method, result: t.result })) : undefined,
      codeColor: code?.color,
      hoursSinceSample: verdict.hoursSinceSample,
      decodeError: o.decodeError?.code,
      problems: o.problems.length ? o.problems : undefined,
      sampledWithinHours: verdict.sampledWithinHours,
    };
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
      payloadFingerprint: o.fingerprint,
      route: verdict.route,
      operator: o.operator,
      name: o.identity.name,
      idMasked: o.identity.idMasked,
      idHash: o.idHash,
      correctsId: o.correctsId,
      note: o.note,
      verification: verificationOf(o.format, o.problems, o.decodeError?.code),
    };
    const id = entries.insert(entry);
    markStage('write');
    const written: Entry = { id, ...entry };
    recent.remember({ evidence: o.evidence, identity: o.identity, entry: written, at: o.now, problems: o.problems });
    ctx.emit('entryRecorded', summarize(written));

    const seen = ctx.seenElsewhere?.({ idHash: o.idHash, fingerprint: o.fingerprint, day: entry.localDay });
    const holder = o.identity.name || o.identity.birthDate ? { name: o.identity.name, birthDate: o.identity.birthDate } : undefined;
    const output: CheckOutput = {
      entryId: id,
      at: o.now,
      format: o.format === 'none' ? 'opaque' : o.format,
      outcome: verdict.outcome,
      route: verdict.route,
      citations: verdict.citations.map((c) => {
        const clause = clauseOf(cfg.venue.pack, c);
        return { id: c, zh: clause?.zh ?? c, en: clause?.en ?? c };
      }),
      reasons: [...o.problems.map((p) => DECODE_WORDS[p]), ...o.notes, ...verdict.reasons],
      missing: verdict.missing,
      hoursSinceSample: verdict.hoursSinceSample,
      sampledWithinHours: verdict.sampledWithinHours,
      problems: o.problems,
      temperatureC: o.summary.temperature?.celsius,
      holder,
      ...(o.identity.name || o.identity.idMasked ? { entrant: { name: o.identity.name ? maskName(o.identity.name) : undefined, idMasked: o.identity.idMasked } } : {}),
      ...(o.correctsId !== undefined ? { correctsId: o.correctsId } : {}),
      decodeError: o.decodeError,
      ...(seen ? { seenElsewhere: { station: seen.station, time: clockTimeOf(seen.atMs, cfg.timeZone).slice(0, 5), outcome: seen.outcome as CheckOutput['outcome'] } } : {}),
    };
    markStage('emit');
    return output;
  }

  /** A roster person's recent results as evidence; the rules pick the one that counts. */
  function rosterTests(person: RosterPerson): Evidence[] {
    return ctx.rosters.resultsFor(person).map((r): Evidence => ({
      kind: 'test', method: r.method, result: r.result, sampledAt: new Date(r.sampledMs).toISOString(), source: 'roster',
      ...(r.ct !== undefined ? { ct: r.ct } : {}), ...(r.lab ? { issuer: r.lab } : {}),
    }));
  }

  async function check(input: ParsedInputOf<'check'>): Promise<CheckOutput> {
    const cfg = loadStationConfig(settings, packs);
    const operator = session.currentOperator();
    const now = clock();
    const { format, text } = classifyCode(claimed(ctx, input));
    let parts = [text];
    if (format === 'shc') {
      const collected = collectShcChunk(chunks, text, now);
      chunks = collected.state;
      if (!('parts' in collected.step)) {
        const { scanned, total } = collected.step;
        return {
          entryId: null, at: now, format, outcome: 'need', citations: [], missing: [], problems: [],
          reasons: [{ zh: `多段二维码：已扫 ${scanned}/${total} 段，请继续扫描`, en: `Multi-part code: ${scanned} of ${total} parts scanned; scan the rest` }],
          partial: { scanned, total },
        };
      }
      parts = collected.step.parts;
    }
    const trust = await ctx.trust();
    markStage('config');
    let decoded = await decodeScan(parts, { trust: trust.store, now, validateDccSchema: ctx.validateDccSchema, mark: markStage });
    // A certificate that failed to decode after a stall inside the burst was cut short: the answer is "scan again",
    // never "forged". (A piece of a certificate is SCAN_INCOMPLETE from the decoder itself, on every path.)
    if (!decoded.ok && (input.stalls ?? 0) > 0 && CUT_SHORT.has(decoded.code)) {
      decoded = { ok: false, format: decoded.format, code: 'SCAN_INCOMPLETE', message: 'the scan was cut short', words: DECODE_WORDS.SCAN_INCOMPLETE, text };
    }
    const evidence: Evidence[] = decoded.ok ? [...decoded.evidence] : [];
    let idHash: string | undefined;
    if (decoded.ok && decoded.idNumber) {
      idHash = ctx.hashId(decoded.idNumber);
      for (const e of evidence) if (e.kind === 'identity') e.idHash = idHash;
    }
    const summary: Decision['summary'] = {
      input: input.source, format: decoded.format,
      issuer: decoded.ok ? decoded.meta.issuer : undefined,
      certificateType: decoded.ok ? decoded.meta.certificateType : undefined,
    };
    let identity: Identity = decoded.ok ? decoded.identity : {};
    // Where nothing is checked (N113-2), an unknown code is just a visitor registered: nothing to look at or attest.
    let notes = !decoded.ok || (format === 'opaque' && cfg.profile.venueKind === 'other') ? [] : decoded.notes;
    let category = input.category;
    // The roster: an ID number or a badge finds a person who comes every day; the roster sets their category and
    // their latest lab result becomes evidence (source "roster").
    const ownHash = decoded.ok && decoded.idNumber ? ctx.ownHashId?.(decoded.idNumber) : undefined;
    const person = idHash ? ctx.rosters.byIdHash(idHash) ?? (ownHash ? ctx.rosters.byIdHash(ownHash) : undefined)
      : decoded.ok && (format === 'roster' || format === 'opaque') ? ctx.rosters.byBadge(badgeOf(text)) : undefined;
    if (person) {
      if (categoriesAt(cfg.venue).includes(person.category)) category = person.category;
      identity = { ...identity, name: person.name, ...(person.idMasked ? { idMasked: person.idMasked } : {}) };
      evidence.push({ kind: 'identity', name: person.name, ...(person.idHash ? { idHash: person.idHash } : {}), source: 'roster' });
      evidence.push(...rosterTests(person));
      notes = [{ zh: `名单人员：${nameInText(person.name)}`, en: `On the roster: ${nameInText(person.name)}` }];
      summary.roster = true;
    }
    return decide(cfg, {
      now, category, evidence, identity, format, operator, summary, notes,
      idHash: idHash ?? person?.idHash,
      fingerprint: ctx.fingerprint(parts.join('\n')),
      problems: decoded.ok ? [] : [decoded.code],
      ...(decoded.ok ? {} : { decodeError: { code: decoded.code, message: decoded.words } }),
    });
  }

  async function record(input: ParsedInputOf<'record'>): Promise<CheckOutput> {
    const cfg = loadStationConfig(settings, packs);
    const operator = session.currentOperator();
    const now = clock();
    let base: RecentCheck | undefined;
    if (input.correctsId !== undefined) {
      base = recent.get(input.correctsId);
      const stored = entries.get(input.correctsId);
      if (!stored) throw new AppError('INVALID_INPUT', `no entry ${input.correctsId}`);
      // After a restart or a lock the scan's evidence is gone (it is never stored): the attestation stands alone,
      // but the problems the entry recorded stay.
      base ??= {
        evidence: [], identity: { name: stored.name, idMasked: stored.idMasked }, entry: stored, at: stored.atMs,
        problems: stored.evidenceSummary.problems ?? (stored.evidenceSummary.decodeError ? [stored.evidenceSummary.decodeError] : []),
      };
    }
    const attested = input.evidence.map((e): Evidence => ({ ...e, source: 'attested' }));
    const temperature = input.temperature;
    if (temperature && temperature.celsius >= cfg.data.feverThresholdC) attested.push({ kind: 'symptom', symptom: 'fever', source: 'attested' });
    // What the operator attests now replaces what was attested before for the same thing (their last choice stands,
    // lower or none included: G2 after G1 says 48 h, and "green code only" after G1 takes the 24 h back), and a code
    // colour seen now wins over the scan's. A test the scan itself proved stays: attesting never overwrites it.
    const replaced = replacedKinds(attested);
    const evidence = [...(base?.evidence ?? []).filter((e) => !replaced.has(e.kind) || (e.kind === 'test' && e.source !== 'attested')), ...attested];
    const problems = base?.problems ?? [];
    const summary: Decision['summary'] = {
      input: 'attested', completes: base?.entry.format,
      phoneChecked: input.phoneChecked, noProofShown: input.noProofShown, temperature,
    };
    const decision: Decision = {
      // Completing or correcting keeps the entrant's category where the scan or the roster set it (a staff badge stays staff).
      now, category: base?.entry.evidenceSummary.roster ? base.entry.category : input.category, evidence, identity: base?.identity ?? {}, format: base?.entry.format ?? 'none', operator, notes: [], summary,
      idHash: base?.entry.idHash, fingerprint: base?.entry.payloadFingerprint, correctsId: input.correctsId, note: input.note, problems,
    };
    // A certificate that failed verification is never waved through on an attestation alone: admitting needs the
    // operator's explicit confirmation that they checked the phone, and the failure stays on the entry either way.
    if (problems.some(isVerificationFailure) && !input.phoneChecked && evaluate(cfg.venue, { category: input.category }, evidence, now).outcome === 'admit') {
      throw new AppError('PHONE_CHECK_REQUIRED', `entry ${input.correctsId ?? '-'} failed verification (${problems.join(' ')})`);
    }
    return decide(cfg, decision);
  }

  /** An emergency admission that needs nobody signed in (F1 on the lock screen): no proof, no operator, a note why. */
  async function emergencyLocked(): Promise<CheckOutput> {
    const cfg = loadStationConfig(settings, packs);
    const now = clock();
    const category: Category = cfg.profile.venueKind === 'medical' ? 'emergency-patient' : 'responder';
    return decide(cfg, {
      now, category, evidence: [], identity: {}, format: 'none', operator: session.signedIn(), notes: [], problems: [],
      summary: { input: 'attested' }, note: stored(NOTE_PHRASES.emergencyLocked),
    });
  }

  return { check, record, emergencyLocked };
}
