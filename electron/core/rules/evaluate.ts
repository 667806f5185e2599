// The evaluator: a small interpreter over a policy pack, with POLICY.md's invariants enforced here in code, ahead of
// anything the pack says: responders and emergency patients are admitted, a patient is never refused, an `other`
// venue asks nothing. Pure: `now` is a parameter, no clock is read.
import { AppError, type Bilingual } from '../errors';
import type { PolicyPack, Requirement, VenueRules } from './pack';
import type { ClauseId } from './clauses';
import type { VenueProfile } from './profile';
import type { Category, Entrant, Evidence, HealthCodeEvidence, IdentityEvidence, Verdict } from './types';
import { CATEGORIES } from './types';
import { agoText, byRecency, readTest, type ReadTest } from './read-test';

export { CT_POSITIVE_BELOW, CT_RETEST_UP_TO, FUTURE_TOLERANCE_MS } from './read-test';

export interface Venue {
  profile: VenueProfile;
  pack: PolicyPack;
}

const CODE_RANK = { green: 0, yellow: 1, red: 2 } as const;
const CODE_WORDS: Record<HealthCodeEvidence['color'], Bilingual> = {
  green: { zh: '绿码', en: 'green code' },
  yellow: { zh: '黄码', en: 'yellow code' },
  red: { zh: '红码', en: 'red code' },
};

/** The rules that apply at a venue: the pack's for its kind, or for `local-rule` what the directive requires. */
export function venueRulesOf(venue: Venue): VenueRules {
  const { profile, pack } = venue;
  const base = pack.venueKinds[profile.venueKind];
  if (profile.venueKind !== 'local-rule' || !profile.localRequirements) return base;
  const local = profile.localRequirements;
  const ref = profile.localDirective ? `${profile.localDirective.reference}（${profile.localDirective.date}）` : '';
  const requirements: Requirement[] = [];
  if (local.test) {
    requirements.push({ id: 'local.test', proof: 'test', clause: 'N113-2', label: { zh: `核酸阴性证明（${ref}）`, en: `negative NAT (${ref})` } });
  }
  if (local.healthCode) {
    requirements.push({ id: 'local.health-code', proof: 'health-code', clause: 'N113-2', label: { zh: `绿色健康码（${ref}）`, en: `green health code (${ref})` } });
  }
  return { ...base, requirements, mayRefuse: local.mayRefuse ? base.mayRefuse : [] };
}

/** Categories an operator may pick at this venue. Responders are admitted everywhere (invariant 6). */
export function categoriesAt(venue: Venue): Category[] {
  if (venue.profile.venueKind === 'other') return [...CATEGORIES];
  const listed = venueRulesOf(venue).categories;
  return listed.includes('responder') ? [...listed] : [...listed, 'responder'];
}

function uniq(ids: ClauseId[]): ClauseId[] {
  return [...new Set(ids)];
}

function sameIdentity(items: IdentityEvidence[]): boolean {
  const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  const names = new Set(items.filter((i) => i.name).map((i) => norm(i.name!)));
  const hashes = new Set(items.filter((i) => i.idHash).map((i) => i.idHash));
  const births = new Set(items.filter((i) => i.birthDate).map((i) => i.birthDate));
  return names.size <= 1 && hashes.size <= 1 && births.size <= 1;
}

/**
 * Decides one entrant's entry. Returns a verdict for every valid input; a refusal is a normal value.
 * Throws AppError('CATEGORY_NOT_APPLICABLE') when the category does not apply at this venue kind.
 */
export function evaluate(venue: Venue, entrant: Entrant, evidence: readonly Evidence[], now: number): Verdict {
  const { profile } = venue;
  const category = entrant.category;

  // Invariant 6: emergency responders on duty are admitted everywhere.
  if (category === 'responder') {
    return {
      outcome: 'admit-emergency',
      citations: ['N113-9', 'N113-8'],
      reasons: [{ zh: '执勤应急救援人员，立即放行并登记', en: 'Emergency responder on duty: in at once, logged' }],
      missing: [],
    };
  }
  // Invariant 1: an emergency or critical patient at a medical venue is admitted whatever else is known.
  if (profile.venueKind === 'medical' && category === 'emergency-patient') {
    return {
      outcome: 'admit-emergency',
      citations: ['Q3', 'N101-17'],
      reasons: [{ zh: '急危重症患者，立即放行救治，不得因无核酸证明推诿拒诊', en: 'Emergency or critical patient: in at once; never turned away for lack of proof' }],
      missing: [],
    };
  }
  // Invariant 3: elsewhere nothing is asked and nobody is refused on health grounds.
  if (profile.venueKind === 'other') {
    return {
      outcome: 'admit',
      citations: ['N113-2'],
      reasons: [{ zh: '本场所不查验核酸证明和健康码', en: 'No proof and no health code are checked at this venue' }],
      missing: [],
    };
  }

  const rules = venueRulesOf(venue);
  if (!rules.categories.includes(category)) {
    throw new AppError('CATEGORY_NOT_APPLICABLE', `category "${category}" does not apply at a ${profile.venueKind} venue`);
  }
  const isPatient = profile.venueKind === 'medical' && category === 'patient';
  const requirements = rules.requirements.filter((r) => !r.categories || r.categories.includes(category));
  const antigenCounts = profile.acceptAntigen || requirements.some((r) => r.proof === 'antigen');
  const looksAtTests = rules.observes.includes('test') || requirements.some((r) => r.proof !== 'health-code');
  const looksAtCodes = rules.observes.includes('health-code') || requirements.some((r) => r.proof === 'health-code');

  const reasons: Bilingual[] = [];
  const missing: Bilingual[] = [];
  const citations: ClauseId[] = [rules.clause];
  const disqualifying: Bilingual[] = [];
  const cure: Bilingual[] = [];
  let doubtful = false;
  /** The test the verdict relied on (its age is reported with the verdict). */
  let relied: ReadTest | undefined;

  const identities = evidence.filter((e): e is IdentityEvidence => e.kind === 'identity');
  const attributable = sameIdentity(identities);
  if (!attributable) {
    doubtful = true;
    reasons.push({ zh: '所出示的证明姓名或身份不一致', en: 'The items shown name different people' });
    missing.push({ zh: '同一人的身份证明与检测证明', en: 'proof and identity of one and the same person' });
  }

  // Fever is seen on the person, so it counts even when documents disagree.
  if (rules.observes.includes('symptom') && evidence.some((e) => e.kind === 'symptom' && e.symptom === 'fever')) {
    disqualifying.push({ zh: '发热', en: 'fever' });
    cure.push({ zh: '复测体温正常', en: 'a normal temperature on re-check' });
  }

  const tests: ReadTest[] = [];
  if (attributable && looksAtTests) {
    for (const item of evidence) {
      if (item.kind !== 'test') continue;
      if (item.method === 'antigen' && !antigenCounts) {
        reasons.push({ zh: '抗原检测结果未计入（本场所未启用抗原）', en: 'Antigen result not counted (not enabled at this venue)' });
        continue;
      }
      const read = readTest(item, now);
      if ('bad' in read) {
        doubtful = true;
        reasons.push(read.bad);
        continue;
      }
      tests.push(read);
    }
    tests.sort(byRecency);
  }
  const windowOf = (t: ReadTest, req?: Requirement) =>
    t.item.method === 'nat' ? profile.natWindowHours : (req?.windowHours ?? profile.antigenWindowHours);
  const inWindow = tests.filter((t) => t.hours <= windowOf(t));
  // A positive (or a Ct 35–40 result) counts unless a later negative NAT supersedes it (N113-3: release after Ct ≥ 35).
  const latestNatNegative = inWindow.find((t) => t.item.method === 'nat' && t.status === 'negative');
  // At the same instant the positive stands (the cautious reading).
  const live = (t: ReadTest) => !latestNatNegative || latestNatNegative.at <= t.at;
  const positive = inWindow.find((t) => t.status === 'positive' && live(t));
  const retest = inWindow.find((t) => t.status === 'retest' && live(t));
  if (positive) {
    disqualifying.push(positive.item.method === 'nat'
      ? { zh: `核酸检测阳性（${agoText(positive).zh}）`, en: `positive NAT (${agoText(positive).en})` }
      : { zh: `抗原检测阳性（${agoText(positive).zh}）`, en: `positive antigen test (${agoText(positive).en})` });
    cure.push({ zh: `阳性之后采样、${profile.natWindowHours} 小时内的核酸阴性证明`, en: `a negative NAT sampled after the positive, within ${profile.natWindowHours} h` });
    citations.push('N101-9', 'N113-3');
    relied = positive;
  } else if (retest) {
    doubtful = true;
    reasons.push({ zh: `核酸结果为阳性但 Ct 值 ${retest.item.ct}（35—40），需评估`, en: `Stated positive with Ct ${retest.item.ct} (35–40): to be assessed` });
    missing.push({ zh: '24 小时后复检核酸的阴性结果', en: 'a negative NAT re-test at least 24 h later' });
    citations.push('N101-9');
    relied = retest;
  }

  let worstCode: HealthCodeEvidence['color'] | undefined;
  if (attributable && looksAtCodes) {
    for (const item of evidence) {
      if (item.kind === 'health-code' && (worstCode === undefined || CODE_RANK[item.color] > CODE_RANK[worstCode])) worstCode = item.color;
    }
    if (worstCode === 'yellow' || worstCode === 'red') {
      disqualifying.push(CODE_WORDS[worstCode]);
      cure.push({ zh: '绿色健康码', en: 'a green health code' });
    }
  }

  // Each requirement: satisfied, or what would complete it.
  for (const req of requirements) {
    citations.push(req.clause);
    if (req.proof === 'health-code') {
      if (worstCode === 'green') reasons.push({ zh: '健康码为绿码', en: 'Health code is green' });
      else if (worstCode === undefined) missing.push(missingText(req, profile));
      continue;
    }
    const usable = tests.filter((t) => (req.proof === 'antigen' ? t.item.method === 'antigen' : t.item.method === 'nat' || antigenCounts));
    const latest = usable.find((t) => t.hours <= windowOf(t, req));
    if (latest?.status === 'negative' && !positive && !retest) {
      const words = latest.item.method === 'nat' ? { zh: '核酸', en: 'NAT' } : { zh: '抗原', en: 'antigen' };
      reasons.push({
        zh: `${words.zh}阴性，${agoText(latest).zh}（${windowOf(latest, req)} 小时内有效）`,
        en: `${words.en} negative, ${agoText(latest).en} (good for ${windowOf(latest, req)} h)`,
      });
      relied ??= latest;
      continue;
    }
    if (!latest && usable.length > 0) {
      const newest = usable[0]!;
      reasons.push({ zh: `检测已超出有效期（${agoText(newest).zh}）`, en: `The test is out of its window (${agoText(newest).en})` });
      relied ??= newest;
    }
    if (!positive && !retest) missing.push(missingText(req, profile));
  }

  if (isPatient) {
    // Invariant 2: a patient is never refused. Disqualifying evidence goes to the fever clinic, missing proof to sampling.
    if (disqualifying.length > 0) {
      return finish({
        outcome: 'route',
        route: 'fever-clinic',
        citations: uniq(['TRIAGE', ...citations, 'N101-17']),
        reasons: [{ zh: `${disqualifying.map((d) => d.zh).join('、')}：请到发热门诊就诊`, en: `${disqualifying.map((d) => d.en).join(', ')}: to the fever clinic` }, ...reasons],
        missing: [],
      });
    }
    if (missing.length > 0 || doubtful) {
      return finish({
        outcome: 'route',
        route: 'on-site-test',
        citations: uniq([...citations, 'N101-17']),
        reasons: [{ zh: '缺少有效核酸证明：请到现场采样点或缓冲区，不得拒诊', en: 'No valid proof: to on-site sampling or the buffer area; never refused' }, ...reasons],
        missing: uniq2(missing),
      });
    }
    return finish({ outcome: 'admit', citations: uniq(citations), reasons: withGround(reasons, requirements), missing: [] });
  }

  if (disqualifying.length > 0) {
    const words = { zh: disqualifying.map((d) => d.zh).join('、'), en: disqualifying.map((d) => d.en).join(', ') };
    if (rules.mayRefuse.includes(category)) {
      return finish({
        outcome: 'refuse',
        citations: uniq(citations),
        reasons: [{ zh: `${words.zh}：暂不能进入`, en: `${words.en}: may not enter now` }, ...reasons],
        missing: uniq2(cure),
      });
    }
    // The pack does not let this venue refuse this category: the disqualifying item is shown, and what would clear it.
    return finish({
      outcome: 'need',
      citations: uniq(citations),
      reasons: [{ zh: `${words.zh}：请按本场所规定处理`, en: `${words.en}: follow the venue's procedure` }, ...reasons],
      missing: uniq2(cure),
    });
  }
  if (missing.length > 0 || doubtful) {
    return finish({ outcome: 'need', citations: uniq(citations), reasons, missing: uniq2(missing) });
  }
  return finish({ outcome: 'admit', citations: uniq(citations), reasons: withGround(reasons, requirements), missing: [] });

  function finish(v: Verdict): Verdict {
    if (relied?.withinHours !== undefined) v.sampledWithinHours = relied.withinHours;
    else if (relied) v.hoursSinceSample = Math.floor(relied.hours * 10) / 10;
    return v;
  }
}

/** What would complete a requirement, with the venue's own window in the words (e.g. "48 小时内采样的核酸阴性证明"). */
function missingText(req: Requirement, profile: VenueProfile): Bilingual {
  if (req.proof === 'health-code') return req.label;
  if (req.proof === 'antigen') {
    const h = req.windowHours ?? profile.antigenWindowHours;
    return { zh: `${h} 小时内采样的抗原检测阴性结果（${req.label.zh}）`, en: `a negative antigen test sampled within ${h} h (${req.label.en})` };
  }
  const nat = { zh: `${profile.natWindowHours} 小时内采样的核酸阴性证明`, en: `a negative NAT sampled within ${profile.natWindowHours} h` };
  if (!profile.acceptAntigen) return nat;
  return {
    zh: `${nat.zh}，或 ${profile.antigenWindowHours} 小时内的抗原阴性结果`,
    en: `${nat.en}, or a negative antigen test within ${profile.antigenWindowHours} h`,
  };
}

/** An admission always says why, even when the pack asks nothing of this category. */
function withGround(reasons: Bilingual[], requirements: Requirement[]): Bilingual[] {
  if (reasons.length > 0 || requirements.length > 0) return reasons;
  return [{ zh: '现行政策包对此类人员无查验要求', en: 'The policy pack asks no proof of this category' }];
}

function uniq2(items: Bilingual[]): Bilingual[] {
  const seen = new Set<string>();
  return items.filter((i) => (seen.has(i.zh) ? false : (seen.add(i.zh), true)));
}
