// What an entry keeps of the evidence behind its outcome: kinds, sources, tests seen, the code colour, the
// certificate's format and issuer, a decode failure. Never a payload, a full ID number or travel history. Stored as
// JSON in the entry and read back through this schema, so every reader sees the same typed shape.
import { z } from 'zod';
import { CODE_COLORS, EVIDENCE_SOURCES, TEST_METHODS, TEST_RESULTS } from '../rules/types';
import { CREDENTIAL_FORMATS, DECODE_ERROR_CODES } from '../credentials/types';

export const SCAN_INPUTS = ['wedge', 'camera', 'manual', 'serial'] as const;
export type ScanInput = (typeof SCAN_INPUTS)[number];

export const evidenceSummarySchema = z.object({
  /** How the evidence came in: a scan (scanner, camera, typed) or an operator's attestation. */
  input: z.enum([...SCAN_INPUTS, 'attested']).optional(),
  /** The decoded scan's format. */
  format: z.enum(CREDENTIAL_FORMATS).optional(),
  /** For an attestation: the format of the entry it completes. */
  completes: z.enum([...CREDENTIAL_FORMATS, 'none']).optional(),
  issuer: z.string().optional(),
  certificateType: z.enum(['test', 'vaccination', 'recovery']).optional(),
  /** The entrant was found on the venue's roster. */
  roster: z.boolean().optional(),
  kinds: z.array(z.enum(['test', 'health-code', 'symptom', 'identity'])).default([]),
  sources: z.array(z.enum(EVIDENCE_SOURCES)).default([]),
  tests: z.array(z.object({ method: z.enum(TEST_METHODS), result: z.enum(TEST_RESULTS) })).optional(),
  codeColor: z.enum(CODE_COLORS).optional(),
  hoursSinceSample: z.number().optional(),
  decodeError: z.enum(DECODE_ERROR_CODES).optional(),
  /** Problems with the scan that stay with every entry completing it (a failed verification, an incomplete scan). */
  problems: z.array(z.enum(DECODE_ERROR_CODES)).optional(),
  /** The operator confirmed checking the phone after a failed verification. */
  phoneChecked: z.boolean().optional(),
  /** The entrant showed no proof at all. */
  noProofShown: z.boolean().optional(),
  /** A test shown as "within N h" on a phone. */
  sampledWithinHours: z.number().optional(),
  temperature: z.object({ celsius: z.number(), via: z.enum(['typed', 'thermometer']) }).optional(),
});

export type EvidenceSummary = z.output<typeof evidenceSummarySchema>;

/** Made once: a schema built per row cost more than reading the row (an export reads 100,000). */
const readable = evidenceSummarySchema.catch({ kinds: [], sources: [] });

/** A stored summary, typed; one that cannot be read (a hand-edited row) reads as empty rather than failing a list. */
export function readEvidenceSummary(json: unknown): EvidenceSummary {
  return readable.parse(json);
}
