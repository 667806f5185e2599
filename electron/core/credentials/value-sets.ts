// EU DCC value sets (ehn-dcc-development/eu-dcc-valuesets): the codes a coded field of a certificate may hold.
// Shipped as data in resources/valuesets and importable like a trust list; for each set the newest valueSetDate wins.
import { z } from 'zod';
import { valueText } from '../text';

export const valueSetFileSchema = z.object({
  valueSetId: z.string().min(1).max(100),
  valueSetDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'valueSetDate must be a date (YYYY-MM-DD)'),
  valueSetValues: z.record(z.string().min(1).max(100), z.looseObject({
    display: z.string(),
    active: z.boolean(),
  })),
}).refine((s) => Object.keys(s.valueSetValues).length > 0, 'a value set must hold at least one code');
export type ValueSetFile = z.infer<typeof valueSetFileSchema>;

/** The sets GateCheck checks, by the field that uses them (as the DCC schema's `valueset-uri` names them). */
export const VALUE_SET_FIELDS = {
  tg: 'disease-agent-targeted',
  co: 'country-2-codes',
  tt: 'covid-19-lab-test-type',
  ma: 'covid-19-lab-test-manufacturer-and-name',
  tr: 'covid-19-lab-result',
} as const;
type CodedField = keyof typeof VALUE_SET_FIELDS;

/** Which coded fields each kind of entry carries (tt, ma and tr only in a test). */
const FIELDS_OF: Record<'t' | 'v' | 'r', readonly CodedField[]> = { t: ['tg', 'tt', 'ma', 'tr', 'co'], v: ['tg', 'co'], r: ['tg', 'co'] };
/** Optional fields: an empty string there means "not given" (a NAT test names no device), not a wrong code. */
const OPTIONAL: ReadonlySet<CodedField> = new Set(['ma']);
/**
 * The rapid antigen test's type code. The DCC schema's `ma` (the device) applies to rapid antigen tests only and `nm`
 * (the test's name) to NAAT only: a NAAT's `ma`, whatever it holds ("N/A", a name), is not judged.
 */
export const RAT_TEST_TYPE = 'LP217198-3';

export interface ValueSet {
  id: string;
  date: string;
  codes: ReadonlySet<string>;
}

/** Merges value-set files: one set per id, the newest valueSetDate winning (a tie keeps the later file). */
export function mergeValueSets(files: readonly ValueSetFile[]): Map<string, ValueSet> {
  const sets = new Map<string, ValueSet>();
  for (const f of files) {
    const have = sets.get(f.valueSetId);
    if (have && have.date > f.valueSetDate) continue;
    sets.set(f.valueSetId, { id: f.valueSetId, date: f.valueSetDate, codes: new Set(Object.keys(f.valueSetValues)) });
  }
  return sets;
}

export interface ValueSetProblem {
  /** The field's path in the certificate, e.g. `t.0.ma`. */
  path: string;
  field: CodedField;
  value: string;
  set: string;
}

/**
 * The coded fields of a certificate's content whose value is outside its set. A field whose set is not loaded is
 * not judged; a required field that is missing is the schema's business, not this check's.
 */
export function valueSetProblems(content: unknown, sets: ReadonlyMap<string, ValueSet>): ValueSetProblem[] {
  if (sets.size === 0 || typeof content !== 'object' || content === null) return [];
  const problems: ValueSetProblem[] = [];
  for (const kind of ['t', 'v', 'r'] as const) {
    const entries = (content as Record<string, unknown>)[kind];
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry: unknown, i) => {
      if (typeof entry !== 'object' || entry === null) return;
      for (const field of FIELDS_OF[kind]) {
        if (!(field in entry)) continue;
        if (field === 'ma' && (entry as Record<string, unknown>).tt !== RAT_TEST_TYPE) continue;
        const raw = (entry as Record<string, unknown>)[field];
        const set = sets.get(VALUE_SET_FIELDS[field]);
        if (!set || (raw === '' && OPTIONAL.has(field))) continue;
        // As the message shows it: a bigint or an object too (core/text.ts).
        const value = valueText(raw);
        if (typeof raw !== 'string' || !set.codes.has(raw)) problems.push({ path: `${kind}.${i}.${field}`, field, value, set: set.id });
      }
    });
  }
  return problems;
}

/** What each coded field is, for the message on screen. */
export const VALUE_SET_FIELD_WORDS: Record<CodedField, { zh: string; en: string }> = {
  tg: { zh: '目标疾病', en: 'disease targeted' },
  co: { zh: '国家', en: 'country' },
  tt: { zh: '检测类型', en: 'test type' },
  ma: { zh: '检测试剂', en: 'test device' },
  tr: { zh: '检测结果', en: 'test result' },
};
