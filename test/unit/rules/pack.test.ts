// Packs are data: a newer pack loads without a code change, and the invariants hold whatever it says.
import { describe, it, expect } from 'vitest';
import { parsePack, clauseOf, type PackData, type PolicyPack } from '../../../electron/core/rules/pack';
import { evaluate } from '../../../electron/core/rules/evaluate';
import type { AppError } from '../../../electron/core/errors';
import { PACK, NOW, nat, antigen, code, fever, venue } from '../../support/rules-fixtures';

/** A pack as JSON data (what a pack file holds, before parsePack checks its clauses). */
const clone = (p: PolicyPack) => JSON.parse(JSON.stringify(p)) as PackData;

/** A later pack: eldercare visitors also take an on-site antigen test, good for 4 h, under a new notice's clause. */
function withOnSiteAntigen(): PolicyPack {
  const p = clone(PACK);
  p.id = 'cn-2023-01-eldercare-antigen';
  p.version = 2;
  p.effectiveFrom = '2023-01-08';
  p.clauses = { 'N2023-1': { source: '示例通知（测试用）', zh: '养老机构访客现场抗原检测', en: 'On-site antigen test for eldercare visitors', quote: '访客进入养老机构须现场抗原检测阴性。' } };
  p.venueKinds.eldercare.requirements.push({ id: 'eldercare.onsite-antigen', proof: 'antigen', categories: ['visitor'], windowHours: 4, clause: 'N2023-1', label: { zh: '现场抗原检测阴性', en: 'negative on-site antigen test' } });
  return parsePack(p);
}

/** A later pack that drops checks altogether. */
function withoutChecks(): PolicyPack {
  const p = clone(PACK);
  p.id = 'cn-2023-no-checks';
  p.version = 3;
  for (const rules of Object.values(p.venueKinds)) {
    rules.requirements = [];
    rules.observes = [];
    rules.mayRefuse = [];
  }
  return parsePack(p);
}

describe('rules/parsePack', () => {
  it('loads the shipped pack with every cited clause resolvable to words', () => {
    for (const rules of Object.values(PACK.venueKinds)) {
      for (const id of [rules.clause, ...rules.requirements.map((r) => r.clause)]) {
        expect(clauseOf(PACK, id)?.zh.length, id).toBeGreaterThan(0);
      }
    }
  });

  it('names the field of a broken pack', () => {
    const broken = clone(PACK) as unknown as { venueKinds: { school: { requirements: { proof: string }[] } } };
    broken.venueKinds.school.requirements[0]!.proof = 'dna';
    expect(() => parsePack(broken)).toThrow(/venueKinds\.school\.requirements\.0\.proof/);
  });

  it('refuses a pack citing a clause nobody defined', () => {
    const p = clone(PACK);
    p.venueKinds.school.clause = 'NOPE-1';
    let err: unknown;
    try {
      parsePack(p);
    } catch (e) {
      err = e;
    }
    expect((err as AppError).code).toBe('PACK_INVALID');
    expect((err as AppError).detail).toMatch(/NOPE-1/);
  });
});

describe('rules/evaluate with a newer pack', () => {
  const pack = withOnSiteAntigen();

  it('asks eldercare visitors for the on-site antigen test, citing the new clause', () => {
    const v = evaluate(venue({ venueKind: 'eldercare' }, pack), { category: 'visitor' }, [nat(10), code('green')], NOW);
    expect(v.outcome).toBe('need');
    expect(v.citations).toContain('N2023-1');
    expect(v.missing.map((m) => m.zh).join()).toMatch(/4 小时内采样的抗原/);
  });

  it('admits the visitor once the antigen test is there, even though the profile does not accept antigen for the NAT', () => {
    const v = evaluate(venue({ venueKind: 'eldercare' }, pack), { category: 'visitor' }, [nat(10), antigen(1), code('green')], NOW);
    expect(v.outcome).toBe('admit');
  });

  it('leaves staff alone: the new requirement is for visitors', () => {
    expect(evaluate(venue({ venueKind: 'eldercare' }, pack), { category: 'staff' }, [nat(10), code('green')], NOW).outcome).toBe('admit');
  });
});

describe('rules/evaluate with a pack that drops checks', () => {
  const pack = withoutChecks();

  it('admits everyone at an eldercare home without proof', () => {
    expect(evaluate(venue({ venueKind: 'eldercare' }, pack), { category: 'visitor' }, [], NOW).outcome).toBe('admit');
  });

  it('still admits an emergency patient at once and never refuses a patient', () => {
    expect(evaluate(venue({ venueKind: 'medical' }, pack), { category: 'emergency-patient' }, [], NOW).outcome).toBe('admit-emergency');
    expect(evaluate(venue({ venueKind: 'medical' }, pack), { category: 'patient' }, [nat(1, 'positive'), fever], NOW).outcome).toBe('admit');
  });
});

describe('rules/evaluate with a hostile pack', () => {
  it('never refuses a patient even when the pack lists patients as refusable', () => {
    const p = clone(PACK);
    p.venueKinds.medical.mayRefuse = ['patient', 'visitor'];
    const pack = parsePack(p);
    const v = evaluate(venue({ venueKind: 'medical' }, pack), { category: 'patient' }, [nat(1, 'positive'), code('red'), fever], NOW);
    expect(v.outcome).toBe('route');
    expect(v.route).toBe('fever-clinic');
  });
});
