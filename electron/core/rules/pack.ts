// A policy pack is versioned data (resources/policies/*.json): which categories each venue kind admits, which proof
// each needs, what disqualifies, whom it may refuse. The invariants of POLICY.md are not in the pack: evaluate.ts
// enforces them whatever a pack says, so a newer pack can change requirements but never turn a patient away.
import { z } from 'zod';
import { CATEGORIES, VENUE_KINDS } from './types';
import { policyClause, type Clause, type ClauseId } from './clauses';
import { AppError } from '../errors';
import { formatZodError } from '../zod-error';

const bilingual = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
const category = z.enum(CATEGORIES);
/** A clause id as a pack cites it; parsePack checks that each one exists (POLICY.md's or the pack's own). */
const clauseId = z.string().min(1).transform((id) => id as ClauseId);

/** One proof a venue kind asks for. `test`: a NAT (or an antigen test where the profile accepts antigen);
 *  `antigen`: an antigen test specifically (e.g. on-site); `health-code`: a green code. */
export const requirementSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9.-]+$/),
  proof: z.enum(['test', 'antigen', 'health-code']),
  /** Absent = every category the venue kind admits (patients at a medical venue included). */
  categories: z.array(category).optional(),
  /** For `antigen`: hours the result stays good; `test` uses the profile's windows. */
  windowHours: z.number().positive().max(168).optional(),
  clause: clauseId,
  label: bilingual,
});
export type Requirement = z.output<typeof requirementSchema>;

export const venueRulesSchema = z.strictObject({
  categories: z.array(category).min(1),
  requirements: z.array(requirementSchema),
  /** Evidence looked at for disqualification even where it is not required (e.g. a red code at a hospital). */
  observes: z.array(z.enum(['test', 'health-code', 'symptom'])),
  mayRefuse: z.array(category),
  clause: clauseId,
});
export type VenueRules = z.output<typeof venueRulesSchema>;

export const packSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  version: z.number().int().positive(),
  /** Packs of one series replace each other on their effective dates (absent: a series of its own). */
  series: z.string().regex(/^[a-z0-9-]+$/).optional(),
  title: bilingual,
  effectiveFrom: z.iso.date(),
  effectiveTo: z.iso.date().nullable(),
  sources: z.array(z.strictObject({ id: z.string(), title: z.string(), file: z.string().optional() })).min(1),
  clauses: z.record(z.string(), z.strictObject({ source: z.string(), zh: z.string(), en: z.string(), quote: z.string() })).optional(),
  venueKinds: z.strictObject(Object.fromEntries(VENUE_KINDS.map((k) => [k, venueRulesSchema])) as Record<(typeof VENUE_KINDS)[number], typeof venueRulesSchema>),
});
export type PolicyPack = z.output<typeof packSchema>;
/** A pack as its JSON file holds it, before parsing. */
export type PackData = z.input<typeof packSchema>;

/** The clause text for an id: the pack's own first, then POLICY.md's. */
export function clauseOf(pack: PolicyPack, id: string): Clause | undefined {
  return pack.clauses?.[id] ?? policyClause(id);
}

/**
 * Parses a pack from JSON data. Every clause a pack cites must be known (POLICY.md's or the pack's own),
 * so that every verdict can be shown in words. Throws AppError('PACK_INVALID') naming the field.
 */
export function parsePack(data: unknown): PolicyPack {
  const parsed = packSchema.safeParse(data);
  if (!parsed.success) throw new AppError('PACK_INVALID', formatZodError(parsed.error));
  const pack = parsed.data;
  for (const [kind, rules] of Object.entries(pack.venueKinds)) {
    const cited = [rules.clause, ...rules.requirements.map((r) => r.clause)];
    for (const id of cited) {
      if (!clauseOf(pack, id)) throw new AppError('PACK_INVALID', `venueKinds.${kind}: unknown clause "${id}"`);
    }
    for (const c of rules.mayRefuse) {
      if (!rules.categories.includes(c)) throw new AppError('PACK_INVALID', `venueKinds.${kind}.mayRefuse: "${c}" is not one of its categories`);
    }
  }
  return pack;
}
