// Builders for rule tests: evidence items relative to a fixed `now`, profiles and the shipped pack.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePack, type PolicyPack } from '../../electron/core/rules/pack';
import { parseProfile, type VenueProfileInput } from '../../electron/core/rules/profile';
import type { Evidence } from '../../electron/core/rules/types';
import type { Venue } from '../../electron/core/rules/evaluate';
import { ROOT } from './paths';

export const NOW = Date.parse('2022-12-10T10:00:00+08:00');
const H = 3_600_000;
export const at = (hoursAgo: number) => new Date(NOW - hoursAgo * H).toISOString();

export const PACK: PolicyPack = parsePack(JSON.parse(readFileSync(join(ROOT, 'resources/policies/cn-2022-12-07.json'), 'utf8')));

export const nat = (hoursAgo: number, result: 'negative' | 'positive' = 'negative', ct?: number): Evidence => ({
  kind: 'test', method: 'nat', result, sampledAt: at(hoursAgo), source: 'verified', ...(ct === undefined ? {} : { ct }),
});
export const antigen = (hoursAgo: number, result: 'negative' | 'positive' = 'negative'): Evidence => ({
  kind: 'test', method: 'antigen', result, sampledAt: at(hoursAgo), source: 'attested',
});
export const code = (color: 'green' | 'yellow' | 'red'): Evidence => ({ kind: 'health-code', color, source: 'attested' });
export const fever: Evidence = { kind: 'symptom', symptom: 'fever', source: 'attested' };
export const person = (name: string): Evidence => ({ kind: 'identity', name, source: 'verified' });

export function venue(profile: Partial<VenueProfileInput> & Pick<VenueProfileInput, 'venueKind'>, pack: PolicyPack = PACK): Venue {
  return { profile: parseProfile({ pack: pack.id, ...profile }), pack };
}

export const DIRECTIVE = { reference: '某市防控指挥部〔2022〕45号', date: '2022-12-08' };
