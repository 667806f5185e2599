// POLICY.md's invariants, each tried hard to break with fast-check over random evidence, random profiles and
// random — including hostile — policy packs. 5,000 runs each, sized for two loaded cores (GATE_PROPERTY_RUNS overrides).
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { evaluate, categoriesAt, type Venue } from '../../../electron/core/rules/evaluate';
import { parsePack, clauseOf, type PolicyPack } from '../../../electron/core/rules/pack';
import { parseProfile, strictnessOf, NATIONAL_NAT_WINDOWS } from '../../../electron/core/rules/profile';
import { CATEGORIES, VENUE_KINDS, WITHIN_HOURS, entrantSchema, evidenceSchema, type Category, type Evidence, type VenueKind } from '../../../electron/core/rules/types';
import { POLICY_CLAUSE_IDS } from '../../../electron/core/rules/clauses';
import { AppError } from '../../../electron/core/errors';
import { PACK, NOW, DIRECTIVE } from '../../support/rules-fixtures';
import { sized, timeoutFor } from '../../support/property';

/** Sized for two loaded cores (test/support/property.ts). */
const RUNS = 5000;
const H = 3_600_000;

const arbEvidence: fc.Arbitrary<Evidence> = fc.oneof(
  fc.record({
    kind: fc.constant('test' as const),
    method: fc.constantFrom('nat' as const, 'antigen' as const),
    result: fc.constantFrom('negative' as const, 'positive' as const),
    sampledAt: fc.integer({ min: -2 * H, max: 200 * H }).map((ms) => new Date(NOW - ms).toISOString()),
    source: fc.constantFrom('verified' as const, 'attested' as const, 'roster' as const),
  }).chain((t) => fc.option(fc.double({ min: 0, max: 60, noNaN: true }), { nil: undefined }).map((ct) => (ct === undefined ? t : { ...t, ct }))),
  // What a phone shows: a result "within 24 / 48 / 72 h", no sampling time.
  fc.record({
    kind: fc.constant('test' as const),
    method: fc.constantFrom('nat' as const, 'antigen' as const),
    result: fc.constantFrom('negative' as const, 'positive' as const),
    withinHours: fc.constantFrom(...WITHIN_HOURS),
    source: fc.constant('attested' as const),
  }),
  fc.record({ kind: fc.constant('health-code' as const), color: fc.constantFrom('green' as const, 'yellow' as const, 'red' as const), source: fc.constantFrom('verified' as const, 'attested' as const) }),
  fc.constant({ kind: 'symptom' as const, symptom: 'fever' as const, source: 'attested' as const }),
  fc.record({ kind: fc.constant('identity' as const), name: fc.constantFrom('张三', '李四', '王五') }),
);
const arbEvidenceList = fc.array(arbEvidence, { maxLength: 8 });

const arbProfile = (kinds: readonly VenueKind[] = VENUE_KINDS) =>
  fc.record({
    venueKind: fc.constantFrom(...kinds),
    nat: fc.constantFrom(...NATIONAL_NAT_WINDOWS),
    localNat: fc.integer({ min: 1, max: 168 }),
    acceptAntigen: fc.boolean(),
    antigenWindowHours: fc.integer({ min: 1, max: 72 }),
    test: fc.boolean(),
    healthCode: fc.boolean(),
    mayRefuse: fc.boolean(),
  }).map((r) =>
    r.venueKind === 'local-rule'
      ? { venueKind: r.venueKind, natWindowHours: r.localNat, acceptAntigen: r.acceptAntigen, antigenWindowHours: r.antigenWindowHours, localDirective: DIRECTIVE, localRequirements: { test: r.test, healthCode: r.healthCode, mayRefuse: r.mayRefuse } }
      : { venueKind: r.venueKind, natWindowHours: r.nat, acceptAntigen: r.acceptAntigen, antigenWindowHours: r.antigenWindowHours },
  );

/** Packs a careless or hostile author could write: any requirements, any observations, anyone refusable. */
const arbPack: fc.Arbitrary<PolicyPack> = fc.oneof(
  fc.constant(PACK),
  fc.record({
    kind: fc.constantFrom(...VENUE_KINDS),
    proofs: fc.subarray(['test', 'antigen', 'health-code'] as const),
    observes: fc.subarray(['test', 'health-code', 'symptom'] as const),
    mayRefuse: fc.subarray([...CATEGORIES]),
    extra: fc.subarray([...CATEGORIES]),
  }).map(({ kind, proofs, observes, mayRefuse, extra }) => {
    const p = JSON.parse(JSON.stringify(PACK)) as PolicyPack;
    const rules = p.venueKinds[kind];
    rules.categories = [...new Set([...rules.categories, ...extra])];
    rules.requirements = proofs.map((proof, i) => ({ id: `hostile.${i}`, proof, clause: 'N113-2', label: { zh: proof, en: proof }, ...(proof === 'antigen' ? { windowHours: 2 } : {}) }));
    rules.observes = [...observes];
    rules.mayRefuse = mayRefuse.filter((c) => rules.categories.includes(c));
    p.id = 'hostile';
    return parsePack(p);
  }),
);

const arbVenue = (kinds?: readonly VenueKind[]): fc.Arbitrary<Venue> =>
  fc.tuple(arbPack, arbProfile(kinds)).map(([pack, profile]) => ({ pack, profile: parseProfile({ pack: pack.id, ...profile }) }));

const arbCase = (kinds?: readonly VenueKind[]) =>
  arbVenue(kinds).chain((v) => fc.tuple(fc.constant(v), fc.constantFrom(...categoriesAt(v)), arbEvidenceList));

describe('rules/invariants (POLICY.md)', () => {
  it('1. at a medical venue an emergency or critical patient is always admitted at once', { timeout: timeoutFor(RUNS) }, () => {
    fc.assert(
      fc.property(arbVenue(['medical']), arbEvidenceList, (v, ev) => {
        expect(evaluate(v, { category: 'emergency-patient' }, ev, NOW).outcome).toBe('admit-emergency');
      }),
      sized(RUNS),
    );
  });

  it('2. at a medical venue no patient is ever refused: admit or route, and route says where', { timeout: timeoutFor(RUNS) }, () => {
    fc.assert(
      fc.property(arbVenue(['medical']), arbEvidenceList, (v, ev) => {
        const r = evaluate(v, { category: 'patient' }, ev, NOW);
        expect(['admit', 'route']).toContain(r.outcome);
        if (r.outcome === 'route') expect(['fever-clinic', 'on-site-test']).toContain(r.route);
      }),
      sized(RUNS),
    );
  });

  it('3. at an "other" venue nothing is asked and nobody is refused', { timeout: timeoutFor(RUNS) }, () => {
    fc.assert(
      fc.property(arbVenue(['other']), fc.constantFrom(...CATEGORIES), arbEvidenceList, (v, cat, ev) => {
        const r = evaluate(v, { category: cat }, ev, NOW);
        expect(['admit', 'admit-emergency']).toContain(r.outcome);
        expect(r.missing).toEqual([]);
      }),
      sized(RUNS),
    );
  });

  it('4. travel history or region of origin is never an input: the schemas reject it', { timeout: timeoutFor(RUNS) }, () => {
    const travelKeys = ['travelHistory', 'travel', 'region', 'origin', 'itinerary', 'visitedCities', 'fromRiskArea', '行程'];
    fc.assert(
      fc.property(fc.constantFrom(...travelKeys), fc.jsonValue(), arbEvidence, fc.constantFrom(...CATEGORIES), (key, value, ev, cat) => {
        expect(entrantSchema.safeParse({ category: cat, [key]: value }).success).toBe(false);
        expect(evidenceSchema.safeParse({ ...ev, [key]: value }).success).toBe(false);
      }),
      sized(RUNS),
    );
  });

  it('5. every verdict cites at least one clause, each shown in words staff can read', { timeout: timeoutFor(RUNS) }, () => {
    fc.assert(
      fc.property(arbCase(), ([v, cat, ev]) => {
        const r = evaluate(v, { category: cat }, ev, NOW);
        expect(r.citations.length).toBeGreaterThan(0);
        for (const id of r.citations) {
          const clause = clauseOf(v.pack, id);
          expect(clause, id).toBeDefined();
          expect(clause!.zh.length).toBeGreaterThan(0);
          expect(clause!.en.length).toBeGreaterThan(0);
        }
        expect(r.reasons.length + r.missing.length).toBeGreaterThan(0);
      }),
      sized(RUNS),
    );
    expect(POLICY_CLAUSE_IDS).toEqual(expect.arrayContaining(['N113-2', 'Q3', 'Q11', 'N113-3', 'N113-8', 'N113-9', 'N101-9', 'N101-17', 'N101-14', 'TRIAGE', 'PI']));
  });

  it('6. emergency responders on duty are admitted everywhere', { timeout: timeoutFor(RUNS) }, () => {
    fc.assert(
      fc.property(arbVenue(), arbEvidenceList, (v, ev) => {
        expect(categoriesAt(v)).toContain('responder');
        expect(evaluate(v, { category: 'responder' }, ev, NOW).outcome).toBe('admit-emergency');
      }),
      sized(RUNS),
    );
  });

  it('7. a profile stricter than the national rule is allowed only as local-rule with a directive, and is flagged', { timeout: timeoutFor(RUNS) }, () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VENUE_KINDS.filter((k) => k !== 'local-rule')),
        fc.integer({ min: 1, max: 168 }).filter((h) => !(NATIONAL_NAT_WINDOWS as readonly number[]).includes(h)),
        fc.boolean(),
        (kind, hours, withDirective) => {
          let err: unknown;
          try {
            parseProfile({ pack: 'p', venueKind: kind, natWindowHours: hours, ...(withDirective ? { localDirective: DIRECTIVE } : {}) });
          } catch (e) {
            err = e;
          }
          expect(err).toBeInstanceOf(AppError);
          expect((err as AppError).code).toBe('PROFILE_INVALID');
          expect((err as AppError).detail).toMatch(/local-rule/);
          // As a local-rule profile with a directive it loads, and a window under 24 h is flagged as stricter.
          const local = parseProfile({ pack: 'p', venueKind: 'local-rule', natWindowHours: hours, localDirective: DIRECTIVE, localRequirements: { test: true, healthCode: false } });
          expect(strictnessOf(local).isStricterThanNational).toBe(true);
          expect(() => parseProfile({ pack: 'p', venueKind: 'local-rule', natWindowHours: hours, localRequirements: { test: true, healthCode: false } })).toThrow(/localDirective/);
        },
      ),
      sized(RUNS),
    );
  });

  it('refuse only ever follows disqualifying evidence (fever, a positive, a yellow or red code)', { timeout: timeoutFor(RUNS) }, () => {
    fc.assert(
      fc.property(arbCase(), ([v, cat, ev]) => {
        const r = evaluate(v, { category: cat }, ev, NOW);
        if (r.outcome !== 'refuse') return;
        const disqualifying = ev.some((e) => e.kind === 'symptom' || (e.kind === 'health-code' && e.color !== 'green') || (e.kind === 'test' && (e.result === 'positive' || (e.ct !== undefined && e.ct < 35))));
        expect(disqualifying).toBe(true);
        expect(v.pack.venueKinds[v.profile.venueKind].mayRefuse.includes(cat) || v.profile.venueKind === 'local-rule').toBe(true);
        expect(r.missing.length).toBeGreaterThan(0);
      }),
      sized(RUNS),
    );
  });

  it('evaluate is pure: the same input gives the same verdict and the input is not changed', { timeout: timeoutFor(1000) }, () => {
    fc.assert(
      fc.property(arbCase(), ([v, cat, ev]) => {
        const before = JSON.stringify(ev);
        const a = evaluate(v, { category: cat as Category }, ev, NOW);
        const b = evaluate(v, { category: cat as Category }, ev, NOW);
        expect(a).toEqual(b);
        expect(JSON.stringify(ev)).toBe(before);
      }),
      sized(1000),
    );
  });
});

describe('rules/evaluate with a result shown as "within N h" (the health-code app)', () => {
  it('a negative NAT within N h satisfies a NAT window of W h exactly when N ≤ W, and is never reported with a made-up sampling time', { timeout: timeoutFor(RUNS) }, () => {
    fc.assert(
      fc.property(fc.constantFrom(...WITHIN_HOURS), fc.integer({ min: 1, max: 168 }), fc.constantFrom('eldercare' as const, 'school' as const, 'local-rule' as const), (n, w, kind) => {
        // A local rule may set any window; the national kinds take 24, 48 or 72 h.
        const profile = kind === 'local-rule'
          ? { venueKind: kind, natWindowHours: w, localDirective: DIRECTIVE, localRequirements: { test: true, healthCode: true, mayRefuse: true } }
          : { venueKind: kind, natWindowHours: NATIONAL_NAT_WINDOWS[w % 3] };
        const parsed = parseProfile({ pack: PACK.id, ...profile });
        const v = evaluate({ pack: PACK, profile: parsed }, { category: 'visitor' }, [
          { kind: 'health-code', color: 'green', source: 'attested' },
          { kind: 'test', method: 'nat', result: 'negative', withinHours: n, source: 'attested' },
        ], NOW);
        expect(v.outcome).toBe(n <= parsed.natWindowHours ? 'admit' : 'need');
        expect(v.hoursSinceSample).toBeUndefined();
        expect(v.sampledWithinHours).toBe(n);
      }),
      sized(RUNS),
    );
  });
});

