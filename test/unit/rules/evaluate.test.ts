// Table-driven scenarios written from shared/POLICY.md: every venue kind × its main categories × typical evidence.
import { describe, it, expect } from 'vitest';
import { evaluate } from '../../../electron/core/rules/evaluate';
import type { Category, Evidence, Outcome, Route } from '../../../electron/core/rules/types';
import { AppError } from '../../../electron/core/errors';
import { NOW, nat, antigen, code, fever, person, venue, at, DIRECTIVE } from '../../support/rules-fixtures';
import type { VenueProfileInput } from '../../../electron/core/rules/profile';

type P = Partial<VenueProfileInput> & Pick<VenueProfileInput, 'venueKind'>;
interface Case {
  name: string;
  profile: P;
  category: Category;
  evidence: Evidence[];
  outcome: Outcome;
  route?: Route;
  cites?: string[];
  missing?: RegExp;
  now?: number;
}

const elder: P = { venueKind: 'eldercare' };
const welfare: P = { venueKind: 'welfare' };
const child: P = { venueKind: 'childcare' };
const childAg: P = { venueKind: 'childcare', acceptAntigen: true, antigenWindowHours: 24 };
const school: P = { venueKind: 'school' };
const med: P = { venueKind: 'medical' };
const other: P = { venueKind: 'other' };
const local: P = { venueKind: 'local-rule', localDirective: DIRECTIVE, localRequirements: { test: true, healthCode: false, mayRefuse: true } };
const localNoRefuse: P = { ...local, localRequirements: { test: true, healthCode: false, mayRefuse: false } };
const local12: P = { ...local, natWindowHours: 12 };
const ok = [nat(12), code('green')];

const CASES: Case[] = [
  // eldercare (N101-14; Q3 NAT; N113-2 code)
  { name: 'eldercare visitor with a 12 h negative NAT and a green code is admitted', profile: elder, category: 'visitor', evidence: ok, outcome: 'admit', cites: ['N101-14', 'Q3', 'N113-2'] },
  { name: 'eldercare visitor without a code needs one', profile: elder, category: 'visitor', evidence: [nat(12)], outcome: 'need', missing: /绿色健康码/ },
  { name: 'eldercare visitor with only a code needs a NAT within 48 h', profile: elder, category: 'visitor', evidence: [code('green')], outcome: 'need', missing: /48 小时内采样的核酸阴性证明/ },
  { name: 'eldercare visitor with nothing needs both', profile: elder, category: 'visitor', evidence: [], outcome: 'need', missing: /核酸/ },
  { name: 'eldercare visitor with a NAT sampled 49 h ago needs a newer one', profile: elder, category: 'visitor', evidence: [nat(49), code('green')], outcome: 'need', missing: /48 小时/ },
  { name: 'the window is inclusive: sampled exactly 48 h ago is admitted', profile: elder, category: 'visitor', evidence: [nat(48), code('green')], outcome: 'admit' },
  { name: 'one millisecond past the window is out', profile: elder, category: 'visitor', evidence: [{ ...nat(48), sampledAt: new Date(NOW - 48 * 3_600_000 - 1).toISOString() } as Evidence, code('green')], outcome: 'need' },
  { name: 'eldercare visitor with a positive NAT is refused', profile: elder, category: 'visitor', evidence: [nat(10, 'positive'), code('green')], outcome: 'refuse', cites: ['N101-9'] },
  { name: 'eldercare visitor with a yellow code is refused', profile: elder, category: 'visitor', evidence: [nat(10), code('yellow')], outcome: 'refuse', missing: /绿色健康码/ },
  { name: 'eldercare visitor with a red code is refused', profile: elder, category: 'visitor', evidence: [nat(10), code('red')], outcome: 'refuse' },
  { name: 'eldercare visitor with fever is refused even with good proof', profile: elder, category: 'visitor', evidence: [...ok, fever], outcome: 'refuse', missing: /体温/ },
  { name: 'eldercare staff with proof is admitted', profile: elder, category: 'staff', evidence: ok, outcome: 'admit' },
  { name: 'eldercare white-list worker with proof is admitted', profile: elder, category: 'worker', evidence: ok, outcome: 'admit' },
  { name: 'eldercare resident with proof is admitted', profile: elder, category: 'resident', evidence: ok, outcome: 'admit' },
  { name: 'eldercare responder is admitted at once with nothing', profile: elder, category: 'responder', evidence: [], outcome: 'admit-emergency', cites: ['N113-9'] },
  { name: 'an antigen test does not count where the profile does not accept antigen', profile: elder, category: 'visitor', evidence: [antigen(2), code('green')], outcome: 'need' },
  { name: 'a sampling time 10 minutes in the future is bad evidence', profile: elder, category: 'visitor', evidence: [{ ...nat(0), sampledAt: new Date(NOW + 10 * 60_000).toISOString() } as Evidence, code('green')], outcome: 'need' },
  { name: 'a sampling time 3 minutes in the future is within clock tolerance', profile: elder, category: 'visitor', evidence: [{ ...nat(0), sampledAt: new Date(NOW + 3 * 60_000).toISOString() } as Evidence, code('green')], outcome: 'admit' },
  { name: 'a stated positive with Ct 37 needs a re-test after 24 h, not a refusal', profile: elder, category: 'visitor', evidence: [nat(5, 'positive', 37), code('green')], outcome: 'need', cites: ['N101-9'], missing: /24 小时后复检/ },
  { name: 'a stated negative with Ct 30 is positive by N101-9', profile: elder, category: 'visitor', evidence: [nat(5, 'negative', 30), code('green')], outcome: 'refuse', cites: ['N101-9'] },
  { name: 'a stated positive with Ct 42 counts as negative', profile: elder, category: 'visitor', evidence: [nat(5, 'positive', 42), code('green')], outcome: 'admit' },
  { name: 'Ct exactly 35 on a stated negative is negative', profile: elder, category: 'visitor', evidence: [nat(5, 'negative', 35), code('green')], outcome: 'admit' },
  { name: 'Ct exactly 40 on a stated positive needs a re-test', profile: elder, category: 'visitor', evidence: [nat(5, 'positive', 40), code('green')], outcome: 'need' },
  { name: 'items naming different people need consistent proof', profile: elder, category: 'visitor', evidence: [...ok, person('张三'), person('李四')], outcome: 'need', missing: /同一人/ },
  { name: 'the same name written with spaces is the same person', profile: elder, category: 'visitor', evidence: [...ok, person('张三'), person('张 三')], outcome: 'admit' },
  { name: 'a later negative NAT supersedes an earlier positive', profile: elder, category: 'visitor', evidence: [nat(30, 'positive'), nat(5), code('green')], outcome: 'admit' },
  { name: 'a later positive stands over an earlier negative', profile: elder, category: 'visitor', evidence: [nat(30), nat(5, 'positive'), code('green')], outcome: 'refuse' },
  { name: 'a positive and a negative sampled at the same instant: the positive stands', profile: elder, category: 'visitor', evidence: [nat(5), nat(5, 'positive'), code('green')], outcome: 'refuse' },
  { name: 'a positive older than the window no longer disqualifies but proves nothing', profile: elder, category: 'visitor', evidence: [nat(100, 'positive'), code('green')], outcome: 'need' },
  // welfare
  { name: 'welfare visitor with proof is admitted citing N101-14', profile: welfare, category: 'visitor', evidence: ok, outcome: 'admit', cites: ['N101-14'] },
  { name: 'welfare visitor with a red code is refused', profile: welfare, category: 'visitor', evidence: [nat(3), code('red')], outcome: 'refuse' },
  { name: 'welfare resident with nothing needs proof', profile: welfare, category: 'resident', evidence: [], outcome: 'need' },
  { name: 'welfare worker with fever is refused', profile: welfare, category: 'worker', evidence: [...ok, fever], outcome: 'refuse' },
  // childcare (Q11: NAT and code)
  { name: 'childcare student with NAT and green code is admitted citing Q11', profile: child, category: 'student', evidence: ok, outcome: 'admit', cites: ['Q11', 'Q3'] },
  { name: 'childcare student with a NAT only needs the code (Q11)', profile: child, category: 'student', evidence: [nat(3)], outcome: 'need', cites: ['Q11'], missing: /绿色健康码/ },
  { name: 'childcare escort with a code only needs a NAT', profile: child, category: 'escort', evidence: [code('green')], outcome: 'need' },
  { name: 'childcare staff with a yellow code is refused', profile: child, category: 'staff', evidence: [nat(3), code('yellow')], outcome: 'refuse' },
  { name: 'childcare accepting antigen admits a 10 h negative antigen', profile: childAg, category: 'visitor', evidence: [antigen(10), code('green')], outcome: 'admit' },
  { name: 'childcare accepting antigen: an antigen 30 h old is out of its 24 h window', profile: childAg, category: 'visitor', evidence: [antigen(30), code('green')], outcome: 'need', missing: /抗原/ },
  { name: 'childcare accepting antigen: a positive antigen is not cleared by an older negative NAT', profile: childAg, category: 'visitor', evidence: [antigen(2, 'positive'), nat(20), code('green')], outcome: 'refuse' },
  // school
  { name: 'school with a 24 h window: a 30 h NAT is out', profile: { venueKind: 'school', natWindowHours: 24 }, category: 'student', evidence: [nat(30), code('green')], outcome: 'need', missing: /24 小时/ },
  { name: 'school with a 72 h window: a 70 h NAT is in', profile: { venueKind: 'school', natWindowHours: 72 }, category: 'student', evidence: [nat(70), code('green')], outcome: 'admit' },
  { name: 'school visitor with fever is refused', profile: school, category: 'visitor', evidence: [fever], outcome: 'refuse' },
  { name: 'school responder is admitted at once', profile: school, category: 'responder', evidence: [code('red')], outcome: 'admit-emergency' },
  { name: 'school escort with proof is admitted', profile: school, category: 'escort', evidence: ok, outcome: 'admit' },
  { name: 'school worker with a positive is refused', profile: school, category: 'worker', evidence: [nat(2, 'positive'), code('green')], outcome: 'refuse' },
  // medical (Q3; a patient is never refused)
  { name: 'patient with a 20 h negative NAT is admitted citing Q3', profile: med, category: 'patient', evidence: [nat(20)], outcome: 'admit', cites: ['Q3'] },
  { name: 'patient with nothing goes to on-site sampling, never refused', profile: med, category: 'patient', evidence: [], outcome: 'route', route: 'on-site-test', cites: ['N101-17'], missing: /48 小时/ },
  { name: 'patient with a 60 h NAT goes to on-site sampling', profile: med, category: 'patient', evidence: [nat(60)], outcome: 'route', route: 'on-site-test' },
  { name: 'patient with a positive NAT goes to the fever clinic', profile: med, category: 'patient', evidence: [nat(6, 'positive')], outcome: 'route', route: 'fever-clinic', cites: ['TRIAGE', 'N101-9'] },
  { name: 'patient with fever goes to the fever clinic', profile: med, category: 'patient', evidence: [nat(6), fever], outcome: 'route', route: 'fever-clinic', cites: ['TRIAGE'] },
  { name: 'patient with a red code goes to the fever clinic', profile: med, category: 'patient', evidence: [nat(6), code('red')], outcome: 'route', route: 'fever-clinic' },
  { name: 'patient with a yellow code goes to the fever clinic', profile: med, category: 'patient', evidence: [code('yellow')], outcome: 'route', route: 'fever-clinic' },
  { name: 'a green code alone is not the proof a hospital asks: on-site sampling', profile: med, category: 'patient', evidence: [code('green')], outcome: 'route', route: 'on-site-test' },
  { name: 'patient with a Ct 37 stated positive goes to on-site sampling', profile: med, category: 'patient', evidence: [nat(6, 'positive', 37)], outcome: 'route', route: 'on-site-test' },
  { name: 'patient whose items name different people goes to on-site sampling', profile: med, category: 'patient', evidence: [nat(6), person('王五'), person('赵六')], outcome: 'route', route: 'on-site-test' },
  { name: 'patient with a future sampling time goes to on-site sampling', profile: med, category: 'patient', evidence: [{ ...nat(0), sampledAt: at(-1) } as Evidence], outcome: 'route', route: 'on-site-test' },
  { name: 'emergency patient with a positive, a red code and fever is admitted at once', profile: med, category: 'emergency-patient', evidence: [nat(1, 'positive'), code('red'), fever], outcome: 'admit-emergency', cites: ['Q3', 'N101-17'] },
  { name: 'emergency patient with nothing is admitted at once', profile: med, category: 'emergency-patient', evidence: [], outcome: 'admit-emergency' },
  { name: 'hospital visitor with a negative NAT is admitted (no code asked)', profile: med, category: 'visitor', evidence: [nat(30)], outcome: 'admit' },
  { name: 'hospital visitor with nothing needs a NAT', profile: med, category: 'visitor', evidence: [], outcome: 'need' },
  { name: 'hospital visitor with a positive is refused', profile: med, category: 'visitor', evidence: [nat(3, 'positive')], outcome: 'refuse' },
  { name: 'hospital escort with a red code is refused', profile: med, category: 'escort', evidence: [nat(3), code('red')], outcome: 'refuse' },
  { name: 'hospital staff with a positive: not refusable here, shown with what clears it', profile: med, category: 'staff', evidence: [nat(3, 'positive')], outcome: 'need', missing: /阴性/ },
  { name: 'hospital staff with a negative NAT is admitted', profile: med, category: 'staff', evidence: [nat(3)], outcome: 'admit' },
  { name: 'hospital responder is admitted at once', profile: med, category: 'responder', evidence: [], outcome: 'admit-emergency' },
  { name: 'hospital visitor with NAT and a green code is admitted', profile: med, category: 'visitor', evidence: ok, outcome: 'admit' },
  // other (N113-2: nothing asked)
  { name: 'other venue: a visitor with nothing is admitted citing N113-2', profile: other, category: 'visitor', evidence: [], outcome: 'admit', cites: ['N113-2'] },
  { name: 'other venue: a positive, a red code and fever are not asked about', profile: other, category: 'visitor', evidence: [nat(1, 'positive'), code('red'), fever], outcome: 'admit' },
  { name: 'other venue: a patient is admitted', profile: other, category: 'patient', evidence: [], outcome: 'admit' },
  { name: 'other venue: a responder is admitted at once', profile: other, category: 'responder', evidence: [], outcome: 'admit-emergency' },
  // local-rule (属地自行确定, with a directive)
  { name: 'local rule asking for a NAT: nothing → need', profile: local, category: 'visitor', evidence: [], outcome: 'need', cites: ['N113-2'], missing: /核酸/ },
  { name: 'local rule asking for a NAT: a negative NAT → admit', profile: local, category: 'visitor', evidence: [nat(20)], outcome: 'admit' },
  { name: 'local rule: a red code is disqualifying where it may refuse', profile: local, category: 'staff', evidence: [nat(20), code('red')], outcome: 'refuse' },
  { name: 'local rule that may not refuse: a positive is shown as need', profile: localNoRefuse, category: 'visitor', evidence: [nat(2, 'positive')], outcome: 'need' },
  { name: 'local rule with a 12 h window: a 13 h NAT is out', profile: local12, category: 'visitor', evidence: [nat(13)], outcome: 'need', missing: /12 小时/ },
  { name: 'local rule with a 12 h window: an 11 h NAT is in', profile: local12, category: 'visitor', evidence: [nat(11)], outcome: 'admit' },
];

describe('rules/evaluate', () => {
  it('has at least 60 scenarios', () => expect(CASES.length).toBeGreaterThanOrEqual(60));

  it.each(CASES)('$name', (c) => {
    const v = evaluate(venue(c.profile), { category: c.category }, c.evidence, c.now ?? NOW);
    expect(v.outcome).toBe(c.outcome);
    if (c.route) expect(v.route).toBe(c.route);
    if (c.outcome !== 'route') expect(v.route).toBeUndefined();
    for (const id of c.cites ?? []) expect(v.citations).toContain(id);
    expect(v.citations.length).toBeGreaterThan(0);
    expect(v.reasons.length + v.missing.length).toBeGreaterThan(0);
    if (c.missing) expect(v.missing.map((m) => m.zh).join('；')).toMatch(c.missing);
    if (c.outcome === 'need') expect(v.missing.length).toBeGreaterThan(0);
  });

  it('reports hours since sampling of the test it relied on, from the sampling time', () => {
    expect(evaluate(venue(elder), { category: 'visitor' }, [nat(12.5), code('green')], NOW).hoursSinceSample).toBe(12.5);
    expect(evaluate(venue(med), { category: 'patient' }, [nat(60)], NOW).hoursSinceSample).toBe(60);
  });

  it('refuses to evaluate a category that does not apply at the venue kind', () => {
    for (const [p, cat] of [[elder, 'student'], [elder, 'patient'], [school, 'resident'], [med, 'student']] as const) {
      let err: unknown;
      try {
        evaluate(venue(p), { category: cat }, [], NOW);
      } catch (e) {
        err = e;
      }
      expect(err, `${p.venueKind}/${cat}`).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('CATEGORY_NOT_APPLICABLE');
    }
  });

  it('a refusal says what would let the person in', () => {
    const v = evaluate(venue(elder), { category: 'visitor' }, [nat(3, 'positive'), code('red')], NOW);
    expect(v.outcome).toBe('refuse');
    expect(v.missing.map((m) => m.zh)).toEqual(expect.arrayContaining([expect.stringMatching(/阳性之后采样/), '绿色健康码']));
  });
});
