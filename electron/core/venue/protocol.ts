// The venue protocol: one entry as a station sends it to the venue's register, and every limit on it. The server's
// ingest function checks every entry in SQL generated from `WIRE_FIELDS` (a station is never trusted to have checked)
// and refuses a bad one alone. The station sends nothing that would break a whole batch: when a batch's text shows a
// control character, an unreadable escape or too many bytes, each of its entries is checked with these same rules
// (`wireProblem`) and the bad ones are set aside with their reason. One table: the columns, their PostgreSQL types and
// their limits are written here once.
import { z } from 'zod';
import { CATEGORIES, OUTCOMES, VENUE_KINDS } from '../rules/types';
import { CREDENTIAL_FORMATS } from '../credentials/types';

export const ROUTES = ['fever-clinic', 'on-site-test'] as const;
export const ENTRY_FORMATS = [...CREDENTIAL_FORMATS, 'none'] as const;
/** What the register's outcome column holds: a verdict, or `exit` (schema 90). */
export const ENTRY_OUTCOMES = [...OUTCOMES, 'exit'] as const;

/** Entries per ingest call: the station's batch and the server's bound. */
export const MAX_BATCH = 1000;
/** The JSON text of one batch, at most (8 MiB): the server refuses a larger one whole. */
export const MAX_BATCH_BYTES = 8 * 1024 * 1024;
/** The epoch of entries sent before epochs existed. */
export const NIL_EPOCH = '00000000-0000-0000-0000-000000000000';

/** How far ahead of the server's date (UTC) a station's local day may be (time zones east of UTC). */
export const DAYS_AHEAD = 1;

/** Control characters (C0 with NUL, DEL, C1) and lone surrogates: never in a text the venue keeps. */
// eslint-disable-next-line no-control-regex
const CONTROL_OR_SURROGATE = /[\u0000-\u001f\u007f-\u009f\ud800-\udfff]/;
// eslint-disable-next-line no-control-regex
const CONTROL_OR_LONE = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** The quick test first (most texts hold neither); a surrogate is looked at closely only when there is one. */
const CONTROL = { test: (v: string) => CONTROL_OR_SURROGATE.test(v) && CONTROL_OR_LONE.test(v) };
/**
 * In JSON text (as JSON.stringify writes it): an escaped NUL or lone surrogate, which no PostgreSQL JSON value can
 * hold (a batch holding one is refused whole). Only an escape counts: an even run of backslashes before it.
 */
const UNREADABLE_IN_JSON = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f])/i;
/** The same test in PostgreSQL's regex syntax (a NUL cannot reach a PostgreSQL text at all). */
export const CONTROL_SQL = '[\\x01-\\x1f\\x7f-\\x9f]';

type FieldKind =
  | { kind: 'text'; max: number; nullable: boolean; pattern?: RegExp; /** The pattern as a SQL condition on `$`. */ patternSql?: string; values?: readonly string[] }
  | { kind: 'int'; min: number; max: number; nullable: boolean }
  | { kind: 'day' }
  | { kind: 'uuid' }
  | { kind: 'strings'; maxItems: number; maxLength: number }
  | { kind: 'object'; maxBytes: number };

// A pattern's SQL is a condition on `$` (the field's text), written without bounded repetitions: PostgreSQL's regular
// expressions expand {64} into a large automaton, some fifty times slower than a length and a negated class.
const HEX64_SQL = "length($) = 64 AND $ !~ '[^0-9a-f]'";
const UUID_SQL = "length($) = 36 AND $ !~ '[^0-9a-f-]' AND length(replace($, '-', '')) = 32 AND substr($, 9, 1) = '-' AND substr($, 14, 1) = '-' AND substr($, 19, 1) = '-' AND substr($, 24, 1) = '-'";
const on = (template: string, value: string) => template.replaceAll('$', `(${value})`);

/** Each field of a wire entry: its name (the venue's column), its PostgreSQL type, and its limits. */
export const WIRE_FIELDS = [
  { name: 'epoch', pg: 'uuid', ...{ kind: 'uuid' } },
  { name: 'seq', pg: 'bigint', ...{ kind: 'int', min: 1, max: Number.MAX_SAFE_INTEGER, nullable: false } },
  { name: 'local_day', pg: 'date', ...{ kind: 'day' } },
  { name: 'at_ms', pg: 'bigint', ...{ kind: 'int', min: 0, max: 253_402_300_799_999, nullable: false } },
  { name: 'station', pg: 'text', ...{ kind: 'text', max: 64, nullable: false } },
  { name: 'operator', pg: 'text', ...{ kind: 'text', max: 64, nullable: true } },
  { name: 'pack_id', pg: 'text', ...{ kind: 'text', max: 64, nullable: false, pattern: /^[A-Za-z0-9._-]+$/, patternSql: "length($) >= 1 AND $ !~ '[^A-Za-z0-9._-]'" } },
  { name: 'pack_version', pg: 'int', ...{ kind: 'int', min: 0, max: 1_000_000, nullable: false } },
  { name: 'venue_kind', pg: 'text', ...{ kind: 'text', max: 32, nullable: false, values: VENUE_KINDS } },
  { name: 'category', pg: 'text', ...{ kind: 'text', max: 32, nullable: false, values: CATEGORIES } },
  // An exit is an entry of its own (outcome 'exit'), naming the entry it closes at whichever gate (station + seq).
  { name: 'outcome', pg: 'text', ...{ kind: 'text', max: 32, nullable: false, values: ENTRY_OUTCOMES } },
  { name: 'route', pg: 'text', ...{ kind: 'text', max: 32, nullable: true, values: ROUTES } },
  { name: 'citations', pg: 'jsonb', ...{ kind: 'strings', maxItems: 32, maxLength: 40 } },
  { name: 'evidence_summary', pg: 'jsonb', ...{ kind: 'object', maxBytes: 4096 } },
  { name: 'format', pg: 'text', ...{ kind: 'text', max: 16, nullable: false, values: ENTRY_FORMATS } },
  { name: 'name', pg: 'text', ...{ kind: 'text', max: 100, nullable: true } },
  // The venue keeps at most the last four characters of an ID number in clear.
  { name: 'id_masked', pg: 'text', ...{ kind: 'text', max: 40, nullable: true, pattern: /^\*{0,36}[0-9A-Za-z]{0,4}$/, patternSql: "$ !~ '[^*0-9A-Za-z]' AND strpos(ltrim($, '*'), '*') = 0 AND length(ltrim($, '*')) <= 4 AND length($) - length(ltrim($, '*')) <= 36" } },
  { name: 'id_hash', pg: 'text', ...{ kind: 'text', max: 64, nullable: true, pattern: /^[0-9a-f]{64}$/, patternSql: HEX64_SQL } },
  { name: 'payload_fingerprint', pg: 'text', ...{ kind: 'text', max: 64, nullable: true, pattern: /^[0-9a-f]{64}$/, patternSql: HEX64_SQL } },
  { name: 'verification', pg: 'text', ...{ kind: 'text', max: 64, nullable: true } },
  { name: 'note', pg: 'text', ...{ kind: 'text', max: 500, nullable: true } },
  { name: 'corrects_seq', pg: 'bigint', ...{ kind: 'int', min: 1, max: Number.MAX_SAFE_INTEGER, nullable: true } },
  { name: 'closes_station', pg: 'text', ...{ kind: 'text', max: 64, nullable: true } },
  { name: 'closes_seq', pg: 'bigint', ...{ kind: 'int', min: 1, max: Number.MAX_SAFE_INTEGER, nullable: true } },
] as const satisfies readonly ({ name: string; pg: string } & FieldKind)[];

export type WireFieldName = (typeof WIRE_FIELDS)[number]['name'];

/** Characters as PostgreSQL's length() counts them (code points, not UTF-16 units; never more than the units). */
const chars = (v: string, max: number) => v.length <= max || [...v].length <= max;

const text = (max: number, pattern?: RegExp) => {
  let s = z.string().refine((v) => chars(v, max), `is longer than ${max}`).refine((v) => !CONTROL.test(v), 'holds a control character');
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
    case 'object': return z.record(z.string(), z.unknown())
      .refine((o) => JSON.stringify(o).length <= f.maxBytes, `is over ${f.maxBytes} bytes`)
      .refine((o) => !UNREADABLE_IN_JSON.test(JSON.stringify(o)), 'holds a NUL or a lone surrogate');
    case 'text': {
      const t = 'values' in f ? z.enum(f.values as unknown as [string, ...string[]]) : text(f.max, 'pattern' in f ? f.pattern : undefined);
      return f.nullable ? t.nullish() : t;
    }
  }
}

export const wireEntrySchema = z.strictObject(Object.fromEntries(WIRE_FIELDS.map((f) => [f.name, fieldSchema(f)])) as Record<WireFieldName, z.ZodType>);

/** One entry as the venue takes it. A nullable field may be left out: the venue reads it as NULL. */
export interface WireEntry {
  epoch: string;
  seq: number;
  local_day: string;
  at_ms: number;
  station: string;
  operator?: string | null;
  pack_id: string;
  pack_version: number;
  venue_kind: string;
  category: string;
  outcome: string;
  route?: string | null;
  citations: unknown;
  evidence_summary: unknown;
  format: string;
  name?: string | null;
  id_masked?: string | null;
  id_hash?: string | null;
  payload_fingerprint?: string | null;
  verification?: string | null;
  note?: string | null;
  corrects_seq?: number | null;
  closes_station?: string | null;
  closes_seq?: number | null;
}

/**
 * Whether an entry can go to the venue, checked field by field without building anything: what the outbox runs on
 * every entry (a thousand a batch). The same rules as `wireEntrySchema`, which explains a failure.
 */
const FAST_CHECKS: ((e: Record<string, unknown>) => boolean)[] = WIRE_FIELDS.map((f) => {
  const nullable = 'nullable' in f && f.nullable;
  const present = (v: unknown) => v !== null && v !== undefined;
  switch (f.kind) {
    case 'uuid': {
      const re = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
      return (e) => typeof e[f.name] === 'string' && re.test(e[f.name] as string);
    }
    case 'day': {
      // A batch holds a few days: each is judged once.
      const seen = new Map<string, boolean>();
      return (e) => {
        const v = e[f.name];
        if (typeof v !== 'string') return false;
        let ok = seen.get(v);
        if (ok === undefined) {
          ok = day.safeParse(v).success;
          if (seen.size > 1000) seen.clear();
          seen.set(v, ok);
        }
        return ok;
      };
    }
    case 'int': return (e) => {
      const v = e[f.name];
      if (!present(v)) return nullable;
      return typeof v === 'number' && Number.isInteger(v) && v >= f.min && v <= f.max;
    };
    case 'strings': return (e) => {
      const v = e[f.name];
      return Array.isArray(v) && v.length <= f.maxItems && v.every((x) => typeof x === 'string' && chars(x, f.maxLength) && !CONTROL.test(x));
    };
    case 'object': return (e) => {
      const v = e[f.name];
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
      const text = JSON.stringify(v);
      return text.length <= f.maxBytes && !UNREADABLE_IN_JSON.test(text);
    };
    case 'text': {
      const values = 'values' in f ? new Set<string>(f.values) : undefined;
      const pattern = 'pattern' in f ? f.pattern : undefined;
      return (e) => {
        const v = e[f.name];
        if (!present(v)) return nullable;
        if (typeof v !== 'string') return false;
        if (values) return values.has(v);
        return chars(v, f.max) && !CONTROL.test(v) && (!pattern || pattern.test(v));
      };
    }
  }
});
const FIELD_NAMES = new Set<string>(WIRE_FIELDS.map((f) => f.name));

export function wireOk(e: unknown): boolean {
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return false;
  const o = e as Record<string, unknown>;
  for (const k in o) if (!FIELD_NAMES.has(k)) return false;
  return FAST_CHECKS.every((check) => check(o));
}

/** Why an entry cannot go to the venue (the first problem, naming its field), or undefined when it can. */
export function wireProblem(e: unknown): string | undefined {
  if (wireOk(e)) return undefined;
  const r = wireEntrySchema.safeParse(e);
  // The fast check and the schema hold the same rules; were they ever to part, the entry is not sent.
  if (r.success) return 'entry: not in the expected form';
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
 * A SQL expression over the jsonb entry `e`: true when it can be taken. The cheap form of `wireProblemSql` (which
 * says why not), for every entry of a batch: the types of all fields, then two regular expressions (every text's
 * control characters at once; every patterned field at once), the enums, the numbers' ranges and the day, which must
 * be a key of `days` (a jsonb object whose keys are the window's days). Casts only behind CASE guards.
 */
export function wireOkSql(e: string, days: string): string {
  const types: string[] = [];
  const rest: string[] = [];
  const texts: string[] = [];
  for (const f of WIRE_FIELDS) {
    const v = `${e}->'${f.name}'`;
    const t = `${e}->>'${f.name}'`;
    const nullable = 'nullable' in f && f.nullable;
    const type = f.kind === 'int' ? 'number' : f.kind === 'strings' ? 'array' : f.kind === 'object' ? 'object' : 'string';
    types.push(nullable ? `coalesce(jsonb_typeof(${v}), 'null') IN ('${type}', 'null')` : `jsonb_typeof(${v}) = '${type}'`);
    switch (f.kind) {
      case 'uuid':
        rest.push(on(UUID_SQL, t));
        break;
      case 'day':
        rest.push(`coalesce(${days} ? (${t}), false)`);
        break;
      case 'int':
        rest.push(`CASE WHEN jsonb_typeof(${v}) = 'number' THEN (${v})::numeric BETWEEN ${f.min} AND ${f.max} AND trunc((${v})::numeric) = (${v})::numeric ELSE ${nullable ? 'true' : 'false'} END`);
        break;
      case 'strings':
        rest.push(`CASE WHEN jsonb_typeof(${v}) = 'array' THEN jsonb_array_length(${v}) <= ${f.maxItems} AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(${v}) AS c(x) WHERE CASE WHEN jsonb_typeof(c.x) <> 'string' THEN true ELSE length(c.x #>> '{}') > ${f.maxLength} OR (c.x #>> '{}') ~ '${CONTROL_SQL}' END) ELSE false END`);
        break;
      case 'object':
        rest.push(`octet_length((${v})::text) <= ${f.maxBytes}`);
        break;
      case 'text':
        if (!('values' in f) && !('patternSql' in f)) texts.push(t);
        if ('values' in f) rest.push(nullable ? `coalesce((${t}) = ANY (ARRAY[${f.values.map(quote).join(', ')}]), jsonb_typeof(${v}) IS DISTINCT FROM 'string')` : `coalesce((${t}) = ANY (ARRAY[${f.values.map(quote).join(', ')}]), false)`);
        else {
          rest.push(`coalesce(length(${t}) <= ${f.max}, true)`);
          if ('patternSql' in f) rest.push(`coalesce(${on(f.patternSql, t)}, true)`);
        }
        break;
    }
  }
  // One regular expression for every free text at once: none may hold a control character (an enum's value or a
  // patterned text cannot).
  const control = `concat_ws(' ', ${texts.join(', ')}) !~ '${CONTROL_SQL}'`;
  return `CASE WHEN ${types.join(' AND ')} THEN ${control} AND ${rest.join(' AND ')} ELSE false END`;
}

/** The lenient column types the fast path reads a batch with (jsonb_to_recordset): nothing the station sends fails. */
export const WIRE_LENIENT_RECORD_SQL = WIRE_FIELDS.map((f) => `${f.name} ${f.kind === 'int' ? 'numeric' : f.kind === 'strings' || f.kind === 'object' ? 'jsonb' : 'text'}`).join(', ');

/** Each column of the lenient record cast to its wire type (only for rows `wireOkTypedSql` took). */
export function wireCastsSql(x: string): string {
  return WIRE_FIELDS.map((f) => (f.pg === 'text' || f.pg === 'jsonb' ? `${x}.${f.name}` : `${x}.${f.name}::${f.pg}`)).join(', ');
}

/**
 * The fast form of the checks, over the columns of the lenient record `x` (the batch read once, typed): every rule
 * of the table but the JSON types of scalars, which the record has already turned into its column types (a number
 * sent as a name is kept as its text; a name sent as a number fails the read, and the batch is judged entry by entry
 * by `wireOkSql` instead). Nothing here can raise.
 */
export function wireOkTypedSql(x: string, days: string): string {
  const parts: string[] = [];
  const texts: string[] = [];
  for (const f of WIRE_FIELDS) {
    const c = `${x}.${f.name}`;
    const nullable = 'nullable' in f && f.nullable;
    const orNull = (cond: string) => (nullable ? `(${c} IS NULL OR (${cond}))` : `(${c} IS NOT NULL AND ${cond})`);
    switch (f.kind) {
      case 'uuid': parts.push(orNull(on(UUID_SQL, c))); break;
      case 'day': parts.push(orNull(`${days} ? ${c}`)); break;
      case 'int': parts.push(orNull(`${c} BETWEEN ${f.min} AND ${f.max} AND trunc(${c}) = ${c}`)); break;
      case 'strings':
        parts.push(orNull(`jsonb_typeof(${c}) = 'array' AND CASE WHEN jsonb_typeof(${c}) = 'array' THEN jsonb_array_length(${c}) <= ${f.maxItems} AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(${c}) AS el(v) WHERE CASE WHEN jsonb_typeof(el.v) <> 'string' THEN true ELSE length(el.v #>> '{}') > ${f.maxLength} OR (el.v #>> '{}') ~ '${CONTROL_SQL}' END) ELSE false END`));
        break;
      case 'object': parts.push(orNull(`jsonb_typeof(${c}) = 'object' AND octet_length(${c}::text) <= ${f.maxBytes}`)); break;
      case 'text':
        // An enum's value or a patterned text (negated classes) cannot hold a control character: only free texts are
        // searched for one.
        if ('values' in f) parts.push(orNull(`${c} = ANY (ARRAY[${f.values.map(quote).join(', ')}])`));
        else if ('patternSql' in f) parts.push(orNull(`length(${c}) <= ${f.max} AND ${on(f.patternSql, c)}`));
        else {
          texts.push(c);
          parts.push(orNull(`length(${c}) <= ${f.max}`));
        }
        break;
    }
  }
  return `coalesce(concat_ws(' ', ${texts.join(', ')}) !~ '${CONTROL_SQL}' AND ${parts.join(' AND ')}, false)`;
}

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
        when(`NOT (${on(UUID_SQL, t)})`, 'not a uuid');
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
          if ('patternSql' in f) when(`NOT (${on(f.patternSql, t)})`, 'not in the expected form');
        }
        break;
    }
  }
  return `CASE ${cases.join('\n    ')} ELSE NULL END`;
}
