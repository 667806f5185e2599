// The register as staff use it: today's counters and recent entries, search, CSV export, the export folder.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import type { EntrySummary, Handlers, ParsedInputOf, TodayOutput } from '../../../api/contract';
import { AppError } from '../../../core/errors';
import { parseId } from '../../../core/credentials/cn-id';
import { OUTCOMES, type Outcome } from '../../../core/rules/types';
import { localDayOf } from '../../../core/register/local-day';
import type { Entry } from '../../../db/entries';
import { maskName } from '../register';
import { loadStationConfig } from '../station-config';
import type { GateContext } from './context';
import { reasonOf } from '../../../core/register/reason';

/** An entry as lists show it: the name masked, never the hash. */
export function summarize(e: Entry): EntrySummary {
  return {
    id: e.id, at: e.atMs, localDay: e.localDay, category: e.category, outcome: e.outcome, citations: e.citations,
    format: e.format === 'none' ? 'opaque' : e.format,
    route: e.route, name: e.name ? maskName(e.name) : undefined, idMasked: e.idMasked, operator: e.operator, correctsId: e.correctsId,
    verification: e.verification, reason: reasonOf(e),
  };
}

export function registerHandlers(ctx: GateContext): Pick<Handlers, 'today' | 'searchRegister' | 'entryDetail' | 'registerStats' | 'exportDays' | 'exportSummary' | 'openExportFolder'> {
  const { entries, settings, packs, clock, session } = ctx;
  return {
    async today(input: ParsedInputOf<'today'>): Promise<TodayOutput> {
      // Names and outcomes of the day: not for whoever stands at a locked station.
      session.currentOperator();
      const cfg = loadStationConfig(settings, packs);
      const day = localDayOf(clock(), cfg.timeZone);
      const counts = entries.countsForDay(day);
      const byOutcome = Object.fromEntries(OUTCOMES.map((o) => [o, counts.byOutcome[o] ?? 0])) as Record<Outcome, number>;
      return { day, byOutcome, byCategory: counts.byCategory, recent: entries.listForDay(day, input.limit).map(summarize) };
    },

    async searchRegister(input: ParsedInputOf<'searchRegister'>) {
      session.currentOperator();
      let idHash: string | undefined;
      if (input.idNumber) {
        const id = parseId(input.idNumber);
        if (!id.ok) throw new AppError('INVALID_INPUT', `idNumber: ${id.reason}`);
        idHash = ctx.hashId(id.id);
      }
      const { idNumber: _typed, ...query } = input;
      return entries.search({ ...query, idHash }).map(summarize);
    },

    async entryDetail(input: ParsedInputOf<'entryDetail'>) {
      session.currentOperator();
      const entry = entries.get(input.id);
      if (!entry) throw new AppError('INVALID_INPUT', `no entry ${input.id}`);
      return {
        entry: summarize(entry), chain: entries.chainOf(entry.id).map(summarize), evidence: entry.evidenceSummary,
        station: entry.station, pack: `${entry.packId}@${entry.packVersion}`,
      };
    },

    async registerStats(input: ParsedInputOf<'registerStats'>) {
      session.currentOperator();
      return ctx.register.stats(input.fromDay, input.toDay);
    },

    async exportSummary(input: ParsedInputOf<'exportSummary'>) {
      const operator = session.currentOperator();
      return ctx.register.exportSummary({ fromDay: input.fromDay, toDay: input.toDay, outDir: ctx.exportDir(), language: input.language, now: clock(), operator });
    },

    async exportDays(input: ParsedInputOf<'exportDays'>) {
      const operator = session.currentOperator();
      return ctx.register.exportDays({
        fromDay: input.fromDay, toDay: input.toDay, outDir: ctx.exportDir(), kind: 'manual', language: input.language, now: clock(),
        operator, unmasked: input.adminPin ? { adminPin: input.adminPin } : undefined,
      });
    },

    async openExportFolder() {
      session.currentOperator();
      // Only the configured export folder, and only as a folder: the system's "open" would run a program given a file.
      const path = ctx.exportDir();
      if (existsSync(path) && !statSync(path).isDirectory()) throw new AppError('EXPORT_WRITE_FAILED', `${path} is not a folder`);
      mkdirSync(path, { recursive: true, mode: 0o700 });
      return { path, opened: ctx.openFolder ? await ctx.openFolder(path) : false };
    },
  };
}
