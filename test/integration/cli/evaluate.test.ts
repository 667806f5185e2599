import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, cliProcess } from '../../support/cli';

const dir = mkdtempSync(join(tmpdir(), 'gatecheck-cli-'));
const file = (name: string, data: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, typeof data === 'string' ? data : JSON.stringify(data));
  return p;
};
let profile: string;
let input: string;

beforeAll(() => {
  profile = file('medical.json', { pack: 'cn-2022-12-07', venueKind: 'medical', natWindowHours: 48 });
  input = file('input.json', {
    now: '2022-12-10T10:00:00+08:00',
    entrant: { category: 'patient' },
    evidence: [{ kind: 'test', method: 'nat', result: 'positive', sampledAt: '2022-12-10T08:00:00+08:00', source: 'attested' }],
  });
});

describe('cli/evaluate', () => {
  it('prints the verdict JSON for a profile and an input', async () => {
    const r = await cli('evaluate', '--profile', profile, '--input', input);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ outcome: 'route', route: 'fever-clinic', citations: expect.arrayContaining(['TRIAGE']), hoursSinceSample: 2 });
  });

  it.each([
    { name: 'a missing file', args: () => ['--profile', profile, '--input', join(dir, 'nope.json')], says: /nope\.json: cannot be read/ },
    { name: 'a file that is not JSON', args: () => ['--profile', profile, '--input', file('bad.json', '{ not json')], says: /not valid JSON/ },
    { name: 'an evidence item with a bad time, naming the field', args: () => ['--profile', profile, '--input', file('badtime.json', { now: '2022-12-10T10:00:00Z', entrant: { category: 'patient' }, evidence: [{ kind: 'test', method: 'nat', result: 'negative', sampledAt: 'yesterday', source: 'attested' }] })], says: /evidence\.0\.sampledAt/ },
    { name: 'an unknown category', args: () => ['--profile', profile, '--input', file('badcat.json', { now: '2022-12-10T10:00:00Z', entrant: { category: 'tourist' }, evidence: [] })], says: /entrant\.category/ },
    { name: 'a travel-history field', args: () => ['--profile', profile, '--input', file('travel.json', { now: '2022-12-10T10:00:00Z', entrant: { category: 'patient', travelHistory: ['x'] }, evidence: [] })], says: /travelHistory/ },
    { name: 'a profile stricter than the national rule', args: () => ['--profile', file('strict.json', { pack: 'cn-2022-12-07', venueKind: 'school', natWindowHours: 12 }), '--input', input], says: /natWindowHours.*local-rule/ },
    { name: 'a profile naming an unknown pack', args: () => ['--profile', file('nopack.json', { pack: 'cn-1999', venueKind: 'school' }), '--input', input], says: /pack.*cn-1999/ },
    { name: 'a category that does not apply at the venue', args: () => ['--profile', file('school.json', { pack: 'cn-2022-12-07', venueKind: 'school' }), '--input', input], says: /CATEGORY_NOT_APPLICABLE/ },
    { name: 'a missing option', args: () => ['--profile', profile], says: /--input/ },
    { name: 'an unknown option', args: () => ['--profile', profile, '--input', input, '--verbose'], says: /verbose/ },
  ])('exits 2 with a clear message for $name', async ({ args, says }) => {
    const r = await cli('evaluate', ...args());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(says);
    expect(r.out).toBe('');
  });

  it('the real command exits 0 on a verdict and 2 on a bad argument, and help lists the commands', () => {
    expect(cliProcess(['evaluate', '--profile', profile, '--input', input]).code).toBe(0);
    expect(cliProcess(['evaluate', '--profile', profile]).code).toBe(2);
    const help = cliProcess(['help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/evaluate/);
    expect(cliProcess(['frobnicate']).code).toBe(2);
  });
});
