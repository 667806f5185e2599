// A venue profile: which pack, which venue kind, the NAT window. The national rule leaves the window to local rules
// (24, 48 or 72 h); anything stricter, or any proof at a venue the notices exempt, needs a recorded local directive
// (invariant 7: 层层加码 is what the notices forbid).
import { z } from 'zod';
import { VENUE_KINDS } from './types';
import { AppError, type Bilingual } from '../errors';
import { formatZodError } from '../zod-error';

export const NATIONAL_NAT_WINDOWS = [24, 48, 72] as const;
export const DEFAULT_NAT_WINDOW_HOURS = 48;
export const DEFAULT_ANTIGEN_WINDOW_HOURS = 24;

export const profileSchema = z.strictObject({
  pack: z.string().min(1),
  venueKind: z.enum(VENUE_KINDS),
  natWindowHours: z.number().int().positive().max(168).default(DEFAULT_NAT_WINDOW_HOURS),
  acceptAntigen: z.boolean().default(false),
  antigenWindowHours: z.number().int().positive().max(168).default(DEFAULT_ANTIGEN_WINDOW_HOURS),
  /** Required for `local-rule`: the directive that sets the venue's own measures (属地自行确定). */
  localDirective: z.strictObject({ reference: z.string().trim().min(1).max(200), date: z.iso.date() }).optional(),
  /** For `local-rule` only: what the directive asks of entrants. */
  localRequirements: z.strictObject({
    test: z.boolean(),
    healthCode: z.boolean(),
    mayRefuse: z.boolean().default(true),
  }).optional(),
});
export type VenueProfile = z.infer<typeof profileSchema>;
export type VenueProfileInput = z.input<typeof profileSchema>;

export interface Strictness {
  isStricterThanNational: boolean;
  notes: Bilingual[];
}

/** How a profile compares with the national rule; the settings screen shows these notes. */
export function strictnessOf(profile: VenueProfile): Strictness {
  const notes: Bilingual[] = [];
  if (profile.natWindowHours < Math.min(...NATIONAL_NAT_WINDOWS)) {
    notes.push({
      zh: `核酸有效期 ${profile.natWindowHours} 小时，短于 24 小时，严于国家规定`,
      en: `A ${profile.natWindowHours} h NAT window is shorter than 24 h: stricter than the national rule`,
    });
  }
  if (profile.venueKind === 'local-rule' && profile.localRequirements && (profile.localRequirements.test || profile.localRequirements.healthCode)) {
    notes.push({
      zh: '本场所不属于国家规定的特殊场所，查验证明严于国家规定（N113-2：其他场所不查验）',
      en: 'This venue is not a special setting; asking for proof is stricter than the national rule (N113-2)',
    });
  }
  return { isStricterThanNational: notes.length > 0, notes };
}

/**
 * Validates a profile. A profile stricter than POLICY.md is refused unless it is `local-rule` with a directive;
 * a `local-rule` profile must say what its directive requires. Throws AppError('PROFILE_INVALID') saying why.
 */
export function parseProfile(data: unknown): VenueProfile {
  const parsed = profileSchema.safeParse(data);
  if (!parsed.success) throw new AppError('PROFILE_INVALID', formatZodError(parsed.error));
  const profile = parsed.data;
  if (profile.venueKind === 'local-rule') {
    if (!profile.localDirective) {
      throw new AppError('PROFILE_INVALID', 'localDirective: a local-rule profile must record the directive (reference and date) it follows');
    }
    if (!profile.localRequirements) {
      throw new AppError('PROFILE_INVALID', 'localRequirements: a local-rule profile must say what its directive requires (test, healthCode)');
    }
    return profile;
  }
  if (profile.localRequirements) {
    throw new AppError('PROFILE_INVALID', `localRequirements: only a local-rule profile may set its own requirements; a ${profile.venueKind} venue follows the national rule`);
  }
  const strict = strictnessOf(profile);
  if (strict.isStricterThanNational) {
    throw new AppError(
      'PROFILE_INVALID',
      `natWindowHours: ${profile.natWindowHours} h is stricter than the national rule (24, 48 or 72 h); only a local-rule profile with a recorded localDirective may use it (层层加码 is forbidden)`,
    );
  }
  if (!(NATIONAL_NAT_WINDOWS as readonly number[]).includes(profile.natWindowHours)) {
    throw new AppError(
      'PROFILE_INVALID',
      `natWindowHours: must be 24, 48 or 72 h; another value needs a local-rule profile with a recorded localDirective`,
    );
  }
  return profile;
}
