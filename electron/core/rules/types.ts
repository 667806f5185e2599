// The policy engine's vocabulary (shared/POLICY.md): venue kinds, entrant categories, evidence items, verdicts.
// Evidence is validated with zod where it enters (command line, IPC, decoders); the evaluator trusts its types.
import { z } from 'zod';
import type { Bilingual } from '../errors';
import type { ClauseId } from './clauses';

export const VENUE_KINDS = ['eldercare', 'welfare', 'childcare', 'school', 'medical', 'other', 'local-rule'] as const;
export type VenueKind = (typeof VENUE_KINDS)[number];

export const CATEGORIES = [
  'visitor', 'staff', 'worker', 'student', 'resident', 'patient', 'emergency-patient', 'escort', 'responder',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const OUTCOMES = ['admit', 'admit-emergency', 'route', 'need', 'refuse'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export type Route = 'fever-clinic' | 'on-site-test';

export const EVIDENCE_SOURCES = ['verified', 'attested', 'roster'] as const;
export type EvidenceSource = (typeof EVIDENCE_SOURCES)[number];

export const TEST_METHODS = ['nat', 'antigen'] as const;
export type TestMethod = (typeof TEST_METHODS)[number];
export const TEST_RESULTS = ['negative', 'positive'] as const;
export type TestResult = (typeof TEST_RESULTS)[number];
export const CODE_COLORS = ['green', 'yellow', 'red'] as const;
export type CodeColor = (typeof CODE_COLORS)[number];

/** An ISO-8601 instant with an explicit offset ("Z" or "+08:00"); a local time without a zone is ambiguous at a gate. */
export const isoInstant = z.iso.datetime({ offset: true, local: false });

/** What a health-code app shows instead of a sampling time: "24 / 48 / 72 小时" (the result is at most that old). */
export const WITHIN_HOURS = [24, 48, 72] as const;
export type WithinHours = (typeof WITHIN_HOURS)[number];

/** A test's fields; `testEvidenceSchema` adds the rule that it has exactly one of sampledAt and withinHours. */
export const testEvidenceFields = z.strictObject({
  kind: z.literal('test'),
  method: z.enum(TEST_METHODS),
  result: z.enum(TEST_RESULTS),
  sampledAt: isoInstant.optional(),
  withinHours: z.union(WITHIN_HOURS.map((h) => z.literal(h))).optional(),
  ct: z.number().min(0).max(60).optional(),
  source: z.enum(EVIDENCE_SOURCES),
  issuer: z.string().max(200).optional(),
});

/** The rule every test item follows: a sampling time, or "within N h", never both, never neither. */
export const ONE_SAMPLING_TIME: [(t: { sampledAt?: string | undefined; withinHours?: number | undefined }) => boolean, { message: string; path: string[] }] = [
  (t) => (t.sampledAt === undefined) !== (t.withinHours === undefined),
  { message: 'a test has either sampledAt or withinHours', path: ['sampledAt'] },
];

/** A test: sampled at a known instant, or (as a phone's health-code app shows it) within 24, 48 or 72 hours. */
export const testEvidenceSchema = testEvidenceFields.refine(...ONE_SAMPLING_TIME);

export const healthCodeEvidenceSchema = z.strictObject({
  kind: z.literal('health-code'),
  color: z.enum(CODE_COLORS),
  source: z.enum(EVIDENCE_SOURCES),
});

export const symptomEvidenceSchema = z.strictObject({
  kind: z.literal('symptom'),
  symptom: z.literal('fever'),
  source: z.enum(EVIDENCE_SOURCES).optional(),
});

export const identityEvidenceSchema = z.strictObject({
  kind: z.literal('identity'),
  name: z.string().max(100).optional(),
  birthDate: z.string().max(10).optional(),
  idMasked: z.string().max(32).optional(),
  idHash: z.string().max(128).optional(),
  source: z.enum(EVIDENCE_SOURCES).optional(),
});

export const evidenceSchema = z.discriminatedUnion('kind', [
  testEvidenceSchema, healthCodeEvidenceSchema, symptomEvidenceSchema, identityEvidenceSchema,
]);

export type TestEvidence = z.infer<typeof testEvidenceSchema>;
export type HealthCodeEvidence = z.infer<typeof healthCodeEvidenceSchema>;
export type SymptomEvidence = z.infer<typeof symptomEvidenceSchema>;
export type IdentityEvidence = z.infer<typeof identityEvidenceSchema>;
export type Evidence = z.infer<typeof evidenceSchema>;

/** Travel history and region of origin are deliberately absent: they are never an input (invariant 4, N113-2). */
export const entrantSchema = z.strictObject({ category: z.enum(CATEGORIES) });
export type Entrant = z.infer<typeof entrantSchema>;

export interface Verdict {
  outcome: Outcome;
  route?: Route | undefined;
  /** Clause ids of shared/POLICY.md (or of the pack), at least one. */
  citations: ClauseId[];
  reasons: Bilingual[];
  /** What would complete the proof, for `need` and for `route` to on-site testing. */
  missing: Bilingual[];
  /** Hours (one decimal, cut) from the sampling time of the test the verdict relied on to `now`. */
  hoursSinceSample?: number | undefined;
  /** When the test relied on was shown as "within N h" (no sampling time): N. */
  sampledWithinHours?: WithinHours | undefined;
}
