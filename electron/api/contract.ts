// The IPC contract: one table of methods with zod input schemas and TypeScript output types. Main (ipc/register.ts),
// the preload, the browser host and the renderer all derive from it; a method missing anywhere is a compile error.
import { z } from 'zod';
import type { Method, GateEvent } from './methods';
import type { Result } from './result';
import { CATEGORIES, type Category, type Outcome, type Route, type VenueKind } from '../core/rules/types';
import type { Bilingual } from '../core/errors';

export const contract = {
  /** What the scan station needs to draw itself: venue, categories that apply, pack. NOT_SET_UP before setup. */
  station: { input: z.strictObject({}) },
  /**
   * Decodes a scanned string, applies the venue's rules for the entrant category and writes the entry.
   * Bad input → INVALID_INPUT; a category that does not apply → CATEGORY_NOT_APPLICABLE; an unreadable code is not an
   * error: it comes back as an outcome (usually `need`) with what is missing.
   */
  check: {
    input: z.strictObject({
      code: z.string().min(1).max(8192),
      category: z.enum(CATEGORIES),
      source: z.enum(['wedge', 'camera', 'manual']),
    }),
  },
  /** Today's counters by outcome and category and the most recent entries (masked), newest first. */
  today: { input: z.strictObject({ limit: z.number().int().positive().max(500).default(20) }) },
} satisfies Record<Method, { input: z.ZodType }>;

export interface CitationView {
  id: string;
  zh: string;
  en: string;
}

export interface StationInfo {
  venueName: string;
  stationName: string;
  venueKind: VenueKind;
  categories: Category[];
  defaultCategory: Category;
  pack: { id: string; version: number; title: Bilingual };
  natWindowHours: number;
  /** IANA zone of the venue; times on screen are shown in it. */
  timeZone: string;
  trust: { date?: string; euSigners: number; smartIssuers: number; maxAgeDays: number; isStale: boolean };
}

export interface CheckOutput {
  /** The register entry written, or null while a multi-part code is still being scanned (see `partial`). */
  entryId: number | null;
  at: number;
  format: 'eu-dcc' | 'shc' | 'cn-id' | 'roster' | 'opaque';
  outcome: Outcome;
  route?: Route;
  citations: CitationView[];
  reasons: Bilingual[];
  missing: Bilingual[];
  hoursSinceSample?: number;
  holder?: { name?: string; birthDate?: string };
  decodeError?: { code: string; message: Bilingual };
  partial?: { scanned: number; total: number };
}

export interface EntrySummary {
  id: number;
  at: number;
  category: Category;
  outcome: Outcome;
  route?: Route;
  format: CheckOutput['format'];
  name?: string;
  idMasked?: string;
}

export interface TodayOutput {
  day: string;
  byOutcome: Record<Outcome, number>;
  byCategory: Partial<Record<Category, number>>;
  recent: EntrySummary[];
}

export interface Outputs {
  station: StationInfo;
  check: CheckOutput;
  today: TodayOutput;
}

export type InputOf<M extends Method> = z.input<(typeof contract)[M]['input']>;
export type ParsedInputOf<M extends Method> = z.output<(typeof contract)[M]['input']>;
export type OutputOf<M extends Method> = Outputs[M];

export interface EventPayloads {
  entryRecorded: EntrySummary;
}

/** The type of `window.gate`: one function per method, plus `on` for pushed events. */
export type GateApi = { [M in Method]: (input: InputOf<M>) => Promise<Result<OutputOf<M>>> } & {
  on<E extends GateEvent>(event: E, callback: (payload: EventPayloads[E]) => void): () => void;
};
