// One protocol, two places: the checks a station makes before sending (from core/venue/protocol.ts) and the ones the
// venue's ingest function makes (SQL made from the same table) agree on every entry — tried on random entries against
// a real PostgreSQL, each field drawn from good values and bad ones. Batches of good entries only are judged on the
// venue's fast path (typed columns), the rest entry by entry: both are tried.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startPgCluster, type PgCluster } from '../../support/pg-cluster';
import { dayAgo, sql, venueWith } from '../../support/venue';
import { readStationUrl } from '../../../electron/main/services/venue/link-files';
import { WIRE_FIELDS, wireProblem } from '../../../electron/core/venue/protocol';
import { sized, timeoutFor } from '../../support/property';

let cluster: PgCluster;
beforeAll(() => {
  cluster = startPgCluster();
});
afterAll(() => cluster?.close());

const mixed = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<unknown>) => fc.oneof({ weight: 6, arbitrary: good }, { weight: 1, arbitrary: bad });
// Text without lone surrogates (PostgreSQL's JSON cannot hold one: such a batch is refused whole) and without NUL.
const safeText = (max: number) => fc.string({ unit: 'grapheme', maxLength: max }).filter((s) => !s.includes('\u0000'));
const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
const badText = fc.oneof(fc.constant('a\u0001b'), fc.constant('\u0085'), fc.constant('x'.repeat(501)), fc.integer(), fc.constant(null), fc.constant(['x']));

const entry = (seq: number) => fc.record({
  epoch: mixed(fc.uuid({ version: 4 }), fc.constantFrom('x', 7, null, 'G0000000-0000-4000-8000-000000000000')),
  seq: fc.constant(seq),
  local_day: mixed(fc.integer({ min: 0, max: 20 }).map(dayAgo), fc.constantFrom('2026-02-30', '0000-01-01', '2026-1-1', 20261201, null, '')),
  at_ms: mixed(fc.integer({ min: 0, max: 2 ** 45 }), fc.constantFrom(-1, 1.5, '5', null, 2 ** 60)),
  station: mixed(safeText(64).filter((s) => s.length > 0), badText),
  operator: mixed(fc.option(safeText(64)), badText),
  pack_id: mixed(fc.stringMatching(/^[A-Za-z0-9._-]{1,64}$/), fc.constantFrom('a b', '', 'é', null)),
  pack_version: mixed(fc.integer({ min: 0, max: 1_000_000 }), fc.constantFrom(-1, 1.5, '1', null)),
  venue_kind: mixed(fc.constantFrom('school', 'medical', 'eldercare'), fc.constantFrom('prison', '', null)),
  category: mixed(fc.constantFrom('visitor', 'staff', 'patient'), fc.constantFrom('vip', null)),
  outcome: mixed(fc.constantFrom('admit', 'need', 'route', 'refuse', 'admit-emergency'), fc.constantFrom('<script>', 'ADMIT', null)),
  route: mixed(fc.constantFrom(null, 'fever-clinic', 'on-site-test'), fc.constantFrom('home', 3)),
  citations: mixed(fc.array(safeText(40), { maxLength: 32 }), fc.constantFrom([1], 'Q3', null, Array.from({ length: 33 }, () => 'Q'))),
  evidence_summary: mixed(fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.integer(), fc.string({ maxLength: 20 }), fc.boolean()), { maxKeys: 6 }), fc.constantFrom([], 'x', null, { big: 'z'.repeat(9000) })),
  format: mixed(fc.constantFrom('none', 'eu-dcc', 'shc', 'cn-id', 'roster', 'opaque'), fc.constantFrom('pdf', null)),
  name: mixed(fc.option(safeText(100)), badText),
  id_masked: mixed(fc.option(fc.stringMatching(/^\*{0,36}[0-9A-Za-z]{0,4}$/)), fc.constantFrom('110101199001011234', '12345', 'ab*')),
  id_hash: mixed(fc.option(hex64), fc.constantFrom('A'.repeat(64), 'h1', 5)),
  payload_fingerprint: mixed(fc.option(hex64), fc.constantFrom('g'.repeat(64), '')),
  verification: mixed(fc.option(safeText(64)), badText),
  note: mixed(fc.option(safeText(500)), badText),
  corrects_seq: mixed(fc.option(fc.integer({ min: 1, max: 2 ** 40 })), fc.constantFrom(0, -3, 'x')),
}, { requiredKeys: ['seq'] });

/** An entry as PostgreSQL's typed read of it would hold it: scalars turned into their columns' types where they can. */
function asColumns(e: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...e };
  for (const f of WIRE_FIELDS) {
    const v = e[f.name];
    if (v === null || v === undefined) continue;
    if (f.kind === 'int' && typeof v === 'string' && /^\s*[-+]?\d+(\.\d+)?\s*$/.test(v)) out[f.name] = Number(v);
    if ((f.kind === 'text' || f.kind === 'uuid' || f.kind === 'day') && typeof v !== 'string') out[f.name] = typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  return out;
}

describe('the station\'s checks and the venue\'s agree', () => {
  it('on random entries, good and bad in every field: refused at the venue exactly when the station would not send it', async () => {
    const { stations: [s] } = await venueWith(cluster, ['东门'], '协议');
    const stationUrl = readStationUrl(s!.data)!;
    const batch = fc.tuple(...Array.from({ length: 20 }, (_, i) => entry(i + 1)));
    await fc.assert(fc.asyncProperty(batch, async (entries) => {
      const r = (await sql<{ r: { refused: { seq: number; reason: string }[] } }>(stationUrl, 'SELECT gc.ingest($1::jsonb) AS r', [JSON.stringify(entries)]))[0]!.r;
      const refused = new Set(r.refused.map((x) => x.seq));
      for (const e of entries) {
        const problem = wireProblem(e);
        const what = `${problem ?? 'sendable'}: ${JSON.stringify(e).slice(0, 300)}`;
        // What the station sends, the venue takes. What the station would not send, the venue refuses — unless all
        // that is wrong is a scalar's JSON type, which the venue's typed read may turn into its column's type (a
        // number sent as a name kept as its text): then either answer is safe.
        if (problem === undefined) expect(refused.has(e.seq), what).toBe(false);
        else if (wireProblem(asColumns(e)) !== undefined) expect(refused.has(e.seq), what).toBe(true);
      }
    }), sized(40));
  }, timeoutFor(40));

  it('batches whose values all read into their columns (the fast path) are judged alike', async () => {
    const { stations: [s] } = await venueWith(cluster, ['东门'], '协议');
    const stationUrl = readStationUrl(s!.data)!;
    // Bad in their values, never in their JSON types: texts too long or with controls, unknown enums, days outside
    // the window, numbers out of range, malformed hashes.
    const typedBad = fc.record({
      field: fc.constantFrom('name', 'outcome', 'local_day', 'at_ms', 'id_hash', 'pack_id', 'id_masked', 'note', 'epoch', 'corrects_seq'),
      value: fc.constantFrom<unknown>('x'.repeat(600), 'a\u0001b', '<script>', dayAgo(400), dayAgo(-3), -1, 2 ** 53, 'G'.repeat(64), 'a b', '110101199001011234', '0b6f7e52-3c1a-4d8e-9f20-7a5b3c1d2e4'),
    });
    const good = (seq: number) => ({
      epoch: '0b6f7e52-3c1a-4d8e-9f20-7a5b3c1d2e4f', seq, local_day: dayAgo(1), at_ms: 1, station: '东门', operator: null, pack_id: 'p', pack_version: 1,
      venue_kind: 'school', category: 'visitor', outcome: 'admit', route: null, citations: [], evidence_summary: {}, format: 'none', name: null,
      id_masked: null, id_hash: null, payload_fingerprint: null, verification: null, note: null, corrects_seq: null,
    });
    let next = 1;
    await fc.assert(fc.asyncProperty(fc.array(fc.option(typedBad, { freq: 2 }), { minLength: 5, maxLength: 20 }), async (changes) => {
      const entries: Record<string, unknown>[] = changes.map((c) => {
        const e: Record<string, unknown> = good(next++);
        if (c && (typeof c.value === 'string') === (typeof e[c.field] === 'string' || e[c.field] === null)) e[c.field] = c.value;
        return e;
      });
      const r = (await sql<{ r: { refused: { seq: number }[] } }>(stationUrl, 'SELECT gc.ingest($1::jsonb) AS r', [JSON.stringify(entries)]))[0]!.r;
      const refused = new Set(r.refused.map((x) => x.seq));
      // The window is the venue's alone (its date, its retention): a day outside it is refused there.
      const outside = (d: unknown) => typeof d === 'string' && (d < dayAgo(30) || d > dayAgo(-1));
      for (const e of entries) expect(refused.has(e.seq as number), `${wireProblem(e) ?? 'sendable'}: ${JSON.stringify(e).slice(0, 200)}`).toBe(wireProblem(e) !== undefined || outside(e.local_day));
    }), sized(40));
  }, timeoutFor(40));
});
