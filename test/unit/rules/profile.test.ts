import { describe, it, expect } from 'vitest';
import { parseProfile, strictnessOf } from '../../../electron/core/rules/profile';
import type { AppError } from '../../../electron/core/errors';
import { DIRECTIVE } from '../../support/rules-fixtures';

function error(data: unknown): AppError {
  try {
    parseProfile(data);
  } catch (err) {
    return err as AppError;
  }
  throw new Error('expected a PROFILE_INVALID error');
}

describe('rules/parseProfile', () => {
  it('fills the defaults: a 48 h window, no antigen, a 24 h antigen window', () => {
    expect(parseProfile({ pack: 'cn-2022-12-07', venueKind: 'school' })).toMatchObject({ natWindowHours: 48, acceptAntigen: false, antigenWindowHours: 24 });
  });

  it.each([24, 48, 72])('accepts the national %i h window at any venue kind', (h) => {
    expect(parseProfile({ pack: 'p', venueKind: 'eldercare', natWindowHours: h }).natWindowHours).toBe(h);
  });

  it.each([
    { name: 'a 12 h window at a school is stricter than the national rule', data: { pack: 'p', venueKind: 'school', natWindowHours: 12 }, says: /stricter.*local-rule/ },
    { name: 'a 96 h window is not a national choice', data: { pack: 'p', venueKind: 'medical', natWindowHours: 96 }, says: /24, 48 or 72/ },
    { name: 'an "other" venue may not set requirements of its own', data: { pack: 'p', venueKind: 'other', localRequirements: { test: true, healthCode: false } }, says: /only a local-rule/ },
    { name: 'a local-rule profile must record its directive', data: { pack: 'p', venueKind: 'local-rule', localRequirements: { test: true, healthCode: false } }, says: /localDirective/ },
    { name: 'a local-rule profile must say what the directive requires', data: { pack: 'p', venueKind: 'local-rule', localDirective: DIRECTIVE }, says: /localRequirements/ },
    { name: 'an unknown venue kind is named', data: { pack: 'p', venueKind: 'airport' }, says: /venueKind/ },
    { name: 'a travel-history field is not a profile field', data: { pack: 'p', venueKind: 'school', travelHistory: true }, says: /travelHistory|Unrecognized/ },
    { name: 'a directive with an empty reference is refused', data: { pack: 'p', venueKind: 'local-rule', localDirective: { reference: ' ', date: '2022-12-08' }, localRequirements: { test: true, healthCode: false } }, says: /reference/ },
  ])('$name', ({ data, says }) => {
    const err = error(data);
    expect(err.code).toBe('PROFILE_INVALID');
    expect(err.detail).toMatch(says);
  });

  it('a local-rule profile with a directive may be stricter, and says so (invariant 7)', () => {
    const p = parseProfile({ pack: 'p', venueKind: 'local-rule', natWindowHours: 12, localDirective: DIRECTIVE, localRequirements: { test: true, healthCode: true } });
    const s = strictnessOf(p);
    expect(s.isStricterThanNational).toBe(true);
    expect(s.notes.map((n) => n.zh).join()).toMatch(/严于国家规定/);
  });

  it('a national profile is not flagged as stricter', () => {
    expect(strictnessOf(parseProfile({ pack: 'p', venueKind: 'childcare', natWindowHours: 24 })).isStricterThanNational).toBe(false);
  });
});
