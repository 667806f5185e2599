// The venue protocol: one entry as a station sends it to the venue's register, and every limit on it. The station
// checks its outbox with `wireEntrySchema` before sending; the server's ingest function checks the same limits again
// in SQL generated from `WIRE_FIELDS` (a station is never trusted to have checked). One table: the columns, their
// PostgreSQL types and their limits are written here once.
import { z } from 'zod';
import { CATEGORIES, OUTCOMES, VENUE_KINDS } from '../rules/types';
import { CREDENTIAL_FORMATS } from '../credentials/types';

export const ROUTES = ['fever-clinic', 'on-site-test'] as const;
export const ENTRY_FORMATS = [...CREDENTIAL_FORMATS, 'none'] as const;

/** Entries per ingest call: the station's batch and the server's bound. */
export const MAX_BATCH = 1000;
/** The JSON text of one batch, at most (8 MiB): the server refuses a larger one whole. */
export const MAX_BATCH_BYTES = 8 * 1024 * 1024;
/** How far ahead of the server's date (UTC) a station's local day may be (time zones east of UTC). */
export const DAYS_AHEAD = 1;

/** Control characters (C0 with NUL, DEL, C1) and lone surrogates: never in a text the venue keeps. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** The same test in PostgreSQL's regex syntax (a NUL cannot reach a PostgreSQL text at all). */
export const CONTROL_SQL = '[\\x01-\\x1f\\x7f-\\x9f]';

type FieldKind =
  | { kind: 'text'; max: number; nullable: boolean; pattern?: RegExp; patternSql?: string; values?: readonly string[] }
  | { kind: 'int'; min: number; max: number; nullable: boolean }
  | { kind: 'day' }
  | { kind: 'uuid' }
  | { kind: 'strings'; maxItems: number; maxLength: number }
  | { kind: 'object'; maxBytes: number };

/** Each field of a wire entry: its name (the venue's column), its PostgreSQL type, and its limits. */
export const WIRE_FIELDS = [
  { name: 'epoch', pg: 'uuid', ...{ kind: 'uuid' } },
  { name: 'seq', pg: 'bigint', ...{ kind: 'int', min: 1, max: Number.MAX_SAFE_INTEGER, nullable: false } },
  { name: 'local_day', pg: 'date', ...{ kind: 'day' } },
  { name: 'at_ms', pg: 'bigint', ...{ kind: 'int', min: 0, max: 253_402_300_799_999, nullable: false } },
  { name: 'station', pg: 'text', ...{ kind: 'text', max: 64, nullable: false } },
  { name: 'operator', pg: 'text', ...{ kind: 'text', max: 64, nullable: true } },
  { name: 'pack_id', pg: 'text', ...{ kind: 'text', max: 64, nullable: false, pattern: /^[A-Za-z0-9._-]+$/, patternSql: '^[A-Za-z0-9._-]+$' } },
  { name: 'pack_version', pg: 'int', ...{ kind: 'int', min: 0, max: 1_000_000, nullable: false } },
  { name: 'venue_kind', pg: 'text', ...{ kind: 'text', max: 32, nullable: false, values: VENUE_KINDS } },
  { name: 'category', pg: 'text', ...{ kind: 'text', max: 32, nullable: false, values: CATEGORIES } },
  { name: 'outcome', pg: 'text', ...{ kind: 'text', max: 32, nullable: false, values: OUTCOMES } },
  { name: 'route', pg: 'text', ...{ kind: 'text', max: 32, nullable: true, values: ROUTES } },
  { name: 'citations', pg: 'jsonb', ...{ kind: 'strings', maxItems: 32, maxLength: 40 } },
  { name: 'evidence_summary', pg: 'jsonb', ...{ kind: 'object', maxBytes: 4096 } },
  { name: 'format', pg: 'text', ...{ kind: 'text', max: 16, nullable: false, values: ENTRY_FORMATS } },
  { name: 'name', pg: 'text', ...{ kind: 'text', max: 100, nullable: true } },
  // The venue keeps at most the last four characters of an ID number in clear.
  { name: 'id_masked', pg: 'text', ...{ kind: 'text', max: 40, nullable: true, pattern: /^\*{0,36}[0-9A-Za-z]{0,4}$/, patternSql: '^\\*{0,36}[0-9A-Za-z]{0,4}$' } },
  { name: 'id_hash', pg: 'text', ...{ kind: 'text', max: 64, nullable: true, pattern: /^[0-9a-f]{64}$/, patternSql: '^[0-9a-f]{64}$' } },
  { name: 'payload_fingerprint', pg: 'text', ...{ kind: 'text', max: 64, nullable: true, pattern: /^[0-9a-f]{64}$/, patternSql: '^[0-9a-f]{64}$' } },
  { name: 'verification', pg: 'text', ...{ kind: 'text', max: 64, nullable: true } },
  { name: 'note', pg: 'text', ...{ kind: 'text', max: 500, nullable: true } },
  { name: 'corrects_seq', pg: 'bigint', ...{ kind: 'int', min: 1, max: Number.MAX_SAFE_INTEGER, nullable: true } },
] as const satisfies readonly ({ name: string; pg: string } & FieldKind)[];

export type WireFieldName = (typeof WIRE_FIELDS)[number]['name'];

/** Characters as PostgreSQL's length() counts them (code points, not UTF-16 units). */
const chars = (v: string) => [...v].length;

const text = (max: number, pattern?: RegExp) => {
  let s = z.string().refine((v) => chars(v) <= max, `is longer than ${max}`).refine((v) => !CONTROL.test(v), 'holds a control character');
  if (pattern) s = s.refine((v) => pattern.test(v), 'is not in the expected form');
  return s;
};
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((d) => {
  const t = Date.parse(`${d}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === d && d >= '0001-01-01';
}, 'is not a date');

function fieldSchema(f: (typeof WIRE_FIELDS)[number]): z.ZodType {
  switch (f.kind) {
    case 'uuid': return z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    case 'day': return day;
    case 'int': {
      const n = z.number().int().min(f.min).max(f.max);
      // A nullable field may be left out (the server reads it as NULL).
      return f.nullable ? n.nullish() : n;
    }
    case 'strings': return z.array(text(f.maxLength)).max(f.maxItems);
    // The server measures the stored JSON's bytes, which may come to more: a summary near the bound may still be
    // refused there (and set aside at the station). A real summary is a few hundred bytes.
    case 'object': return z.record(z.string(), z.unknown()).refine((o) => JSON.stringify(o).length <= f.maxBytes, `is over ${f.maxBytes} bytes`);
    case 'text': {
      const t = 'values' in f ? z.enum(f.values as unknown as [string, ...string[]]) : text(f.max, 'pattern' in f ? f.pattern : undefined);
      return f.nullable ? t.nullish() : t;
    }
  }
}

export const wireEntrySchema = z.strictObject(Object.fromEntries(WIRE_FIELDS.map((f) => [f.name, fieldSchema(f)])) as Record<WireFieldName, z.ZodType>);

/** One entry as the venue takes it. */
export interface WireEntry {
  epoch: string;
  seq: number;
  local_day: string;
  at_ms: number;
  station: string;
  operator: string | null;
  pack_id: string;
  pack_version: number;
  venue_kind: string;
  category: string;
  outcome: string;
  route: string | null;
  citations: unknown;
  evidence_summary: unknown;
  format: string;
  name: string | null;
  id_masked: string | null;
  id_hash: string | null;
  payload_fingerprint: string | null;
  verification: string | null;
  note: string | null;
  corrects_seq: number | null;
}

/** Why an entry cannot go to the venue (the first problem, naming its field), or undefined when it can. */
export function wireProblem(e: unknown): string | undefined {
  const r = wireEntrySchema.safeParse(e);
  if (r.success) return undefined;
  const issue = r.error.issues[0]!;
  return `${issue.path.join('.') || 'entry'}: ${issue.message}`;
}

/** An ID number as the venue may keep it: its last four characters, the rest masked. */
export function venueIdMask(masked: string | null): string | null {
  if (masked === null) return null;
  const tail = masked.replace(/\*/g, '').slice(-4);
  const clear = /^[0-9A-Za-z]{0,4}$/.test(tail) && masked.endsWith(tail) ? tail : '';
  return '*'.repeat(Math.min(36, Math.max(0, masked.length - clear.length))) + clear;
}

// --- SQL made from the table (the server's checks and its record type) -------------------------------------------

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** `x(epoch uuid, seq bigint, …)`: the record type jsonb_to_record(set) reads an entry with. */
export const WIRE_RECORD_SQL = WIRE_FIELDS.map((f) => `${f.name} ${f.pg}`).join(', ');
export const WIRE_COLUMNS_SQL = WIRE_FIELDS.map((f) => f.name).join(', ');

/**
 * A SQL expression over the jsonb entry `e`: the first problem (text naming the field), or NULL. Guarded so that no
 * cast can raise (a bad entry is refused by itself, never the whole batch). `$lo`/`$hi` are the window's dates.
 */
export function wireProblemSql(e: string, lo: string, hi: string): string {
  // PostgreSQL does not promise the order of AND/OR operands, only of CASE branches: each check that casts is its own
  // branch, after the branches that make the cast safe.
  const cases: string[] = [`WHEN jsonb_typeof(${e}) IS DISTINCT FROM 'object' THEN 'entry: not an object'`];
  for (const f of WIRE_FIELDS) {
    const v = `${e}->'${f.name}'`;
    const t = `${e}->>'${f.name}'`;
    const name = quote(f.name);
    const nullable = 'nullable' in f && f.nullable;
    const when = (cond: string, why: string) =>
      cases.push(nullable ? `WHEN CASE WHEN coalesce(jsonb_typeof(${v}), 'null') = 'null' THEN false ELSE ${cond} END THEN ${name} || ${quote(`: ${why}`)}` : `WHEN ${cond} THEN ${name} || ${quote(`: ${why}`)}`);
    if (!nullable) cases.push(`WHEN coalesce(jsonb_typeof(${v}), 'null') = 'null' THEN ${name} || ': missing'`);
    switch (f.kind) {
      case 'uuid':
        when(`jsonb_typeof(${v}) <> 'string'`, 'not a uuid');
        when(`${t} !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'`, 'not a uuid');
        break;
      case 'day':
        when(`jsonb_typeof(${v}) <> 'string'`, 'not a date');
        when(`${t} !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`, 'not a date');
        when(`substr(${t}, 1, 4)::int < 1 OR substr(${t}, 6, 2)::int NOT BETWEEN 1 AND 12 OR substr(${t}, 9, 2)::int < 1`, 'not a date');
        when(`substr(${t}, 9, 2)::int > extract(day FROM make_date(substr(${t}, 1, 4)::int, substr(${t}, 6, 2)::int, 1) + interval '1 month - 1 day')`, 'not a date');
        cases.push(`WHEN (${t})::date NOT BETWEEN ${lo} AND ${hi} THEN ${name} || ': outside the venue''s window (' || ${lo} || ' to ' || ${hi} || ')'`);
        break;
      case 'int':
        when(`jsonb_typeof(${v}) <> 'number'`, 'not a whole number in range');
        when(`(${v})::numeric <> trunc((${v})::numeric) OR (${v})::numeric NOT BETWEEN ${f.min} AND ${f.max}`, 'not a whole number in range');
        break;
      case 'strings':
        when(`jsonb_typeof(${v}) <> 'array'`, 'not a list of short texts');
        when(`jsonb_array_length(${v}) > ${f.maxItems} OR EXISTS (SELECT 1 FROM jsonb_array_elements(${v}) AS c(x) WHERE CASE WHEN jsonb_typeof(c.x) <> 'string' THEN true ELSE length(c.x #>> '{}') > ${f.maxLength} OR (c.x #>> '{}') ~ '${CONTROL_SQL}' END)`, 'not a list of short texts');
        break;
      case 'object':
        when(`jsonb_typeof(${v}) <> 'object'`, `not an object of at most ${f.maxBytes} bytes`);
        when(`octet_length((${v})::text) > ${f.maxBytes}`, `not an object of at most ${f.maxBytes} bytes`);
        break;
      case 'text':
        when(`jsonb_typeof(${v}) <> 'string'`, 'not a text');
        if ('values' in f) when(`${t} <> ALL (ARRAY[${f.values.map(quote).join(', ')}])`, 'not a known value');
        else {
          when(`length(${t}) > ${f.max} OR ${t} ~ '${CONTROL_SQL}'`, `longer than ${f.max} or holds a control character`);
          if ('patternSql' in f) when(`${t} !~ ${quote(f.patternSql)}`, 'not in the expected form');
        }
        break;
    }
  }
  return `CASE ${cases.join('\n    ')} ELSE NULL END`;
}
