// The venue protocol's checks, table-driven: what a station may send (and what the venue keeps of an ID number).
import { describe, expect, it } from 'vitest';
import { venueIdMask, wireProblem } from '../../../electron/core/venue/protocol';

const good = {
  epoch: '0b6f7e52-3c1a-4d8e-9f20-7a5b3c1d2e4f', seq: 1, local_day: '2026-12-01', at_ms: 1_796_000_000_000, station: '东门', operator: '赵敏',
  pack_id: 'cn-2022-12-07', pack_version: 1, venue_kind: 'school', category: 'visitor', outcome: 'admit', route: null, citations: ['Q3'],
  evidence_summary: { kinds: [], sources: [] }, format: 'none', name: '张三', id_masked: '**************1234', id_hash: 'a'.repeat(64),
  payload_fingerprint: null, verification: null, note: null, corrects_seq: null,
};

describe('wireProblem', () => {
  it('takes a well-formed entry', () => {
    expect(wireProblem(good)).toBeUndefined();
  });

  it.each([
    [{ name: '张\u0000三' }, /^name: holds a control character/],
    [{ name: '张\u001b[31m三' }, /^name: holds a control character/],
    [{ note: 'a\u0085b' }, /^note: holds a control character/],
    [{ station: '\ud800' }, /^station: holds a control character/],
    [{ name: 'x'.repeat(101) }, /^name: /],
    [{ outcome: '<script>' }, /^outcome: /],
    [{ category: 'vip' }, /^category: /],
    [{ route: 'home' }, /^route: /],
    [{ local_day: '2026-02-30' }, /^local_day: is not a date/],
    [{ local_day: '0000-01-01' }, /^local_day: is not a date/],
    [{ local_day: '2026-1-1' }, /^local_day: /],
    [{ at_ms: 1.5 }, /^at_ms: /],
    [{ seq: 0 }, /^seq: /],
    [{ epoch: 'x' }, /^epoch: /],
    [{ id_hash: 'A'.repeat(64) }, /^id_hash: is not in the expected form/],
    [{ id_masked: '110101199001011234' }, /^id_masked: is not in the expected form/],
    [{ citations: [1] }, /^citations\.0: /],
    [{ evidence_summary: { x: 'y'.repeat(5000) } }, /^evidence_summary: /],
    // No PostgreSQL JSON can hold these: a batch with one would be refused whole.
    [{ evidence_summary: { issuer: 'a\u0000b' } }, /^evidence_summary: holds a NUL or a lone surrogate/],
    [{ evidence_summary: { issuer: '\udc00', kinds: [] } }, /^evidence_summary: holds a NUL or a lone surrogate/],
    [{ evidence_summary: { nested: { deep: ['\ud83d'] } } }, /^evidence_summary: holds a NUL or a lone surrogate/],
    [{ outcome: 'exit', closes_seq: 0 }, /^closes_seq: /],
    [{ extra: 1 }, /^entry: |extra/],
  ])('refuses %j', (over, why) => {
    expect(wireProblem({ ...good, ...over })).toMatch(why);
  });
});

describe('wireProblem: what reads in a summary', () => {
  it.each([
    ['a whole emoji (a surrogate pair)', { issuer: 'ok 😀' }],
    ['a backslash before u0000 (text, not an escape)', { note: 'C:\\u0000dir' }],
    ['a tab (a control character, but one PostgreSQL reads)', { note: 'a\tb' }],
  ])('takes %s', (_name, summary) => {
    expect(wireProblem({ ...good, evidence_summary: summary })).toBeUndefined();
  });

  it('takes an exit naming the entry it closes', () => {
    expect(wireProblem({ ...good, outcome: 'exit', closes_station: '西门', closes_seq: 12 })).toBeUndefined();
  });
});

describe('venueIdMask: at most the last four characters of an ID number in clear', () => {
  it.each([
    ['110101********1234', '**************1234'],
    ['110101********123X', '**************123X'],
    ['******', '******'],
    ['', ''],
    [null, null],
  ])('%s → %s', (masked, want) => {
    expect(venueIdMask(masked)).toBe(want);
  });
});
