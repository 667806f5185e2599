// Why an entry came out as it did, in words for the register screen and the CSV's 核验说明 / Reason column: the
// verification result, what was attested and by whom, and the deciding rule. Built from what the entry stores.
import type { Bilingual } from '../errors';
import { DECODE_ERROR_CODES, DECODE_WORDS, type DecodeErrorCode } from '../credentials/types';
import type { EvidenceSummary } from './evidence-summary';
import { noteIn } from './notes';

/** `ok`: a certificate's signature verified; `none`: nothing to verify (a code, an ID number, no proof); else the failure. */
export type Verification = 'ok' | 'none' | DecodeErrorCode;

export function readVerification(v: unknown): Verification | undefined {
  return v === 'ok' || v === 'none' || (DECODE_ERROR_CODES as readonly unknown[]).includes(v) ? (v as Verification) : undefined;
}

/** The verification result of a new entry: its scan's first problem, else ok for a verified certificate, else none. */
export function verificationOf(format: string, problems: readonly DecodeErrorCode[], decodeError?: DecodeErrorCode): Verification {
  return problems[0] ?? decodeError ?? (format === 'eu-dcc' || format === 'shc' ? 'ok' : 'none');
}

export const VERIFICATION_WORDS: Record<'ok' | 'none' | 'unrecorded', Bilingual> = {
  ok: { zh: '证书签名核验通过', en: 'Signature verified' },
  none: { zh: '无可核验的签名', en: 'Nothing to verify' },
  unrecorded: { zh: '未记录', en: 'Not recorded' },
};

export function verificationWords(v: Verification | undefined): Bilingual {
  if (v === undefined) return VERIFICATION_WORDS.unrecorded;
  if (v === 'ok' || v === 'none') return VERIFICATION_WORDS[v];
  return { zh: `${DECODE_WORDS[v].zh}（${v}）`, en: `${DECODE_WORDS[v].en} (${v})` };
}

const COLOR: Record<string, Bilingual> = { green: { zh: '绿码', en: 'green code' }, yellow: { zh: '黄码', en: 'yellow code' }, red: { zh: '红码', en: 'red code' } };
const METHOD: Record<string, Bilingual> = { nat: { zh: '核酸', en: 'NAT' }, antigen: { zh: '抗原', en: 'antigen' } };
const RESULT: Record<string, Bilingual> = { negative: { zh: '阴性', en: 'negative' }, positive: { zh: '阳性', en: 'positive' } };

/** What an operator attested, as a list of short phrases. */
function attestedWords(s: EvidenceSummary): Bilingual[] {
  const out: Bilingual[] = [];
  if (s.codeColor) out.push(COLOR[s.codeColor]!);
  for (const t of s.tests ?? []) {
    const within = s.sampledWithinHours ? { zh: `${s.sampledWithinHours} 小时内`, en: ` within ${s.sampledWithinHours} h` } : { zh: '', en: '' };
    out.push({ zh: `${within.zh}${METHOD[t.method]!.zh}${RESULT[t.result]!.zh}`, en: `${METHOD[t.method]!.en} ${RESULT[t.result]!.en}${within.en}` });
  }
  if (s.kinds.includes('symptom')) out.push({ zh: '发热', en: 'fever' });
  if (s.noProofShown) out.push({ zh: '未出示证明', en: 'no proof shown' });
  if (s.temperature) out.push({ zh: `体温 ${s.temperature.celsius.toFixed(1)} °C`, en: `temperature ${s.temperature.celsius.toFixed(1)} °C` });
  if (s.phoneChecked) out.push({ zh: '已查看对方手机', en: 'phone checked' });
  return out;
}

export interface ReasonInput {
  verification?: Verification | undefined;
  evidenceSummary: EvidenceSummary;
  operator?: string | undefined;
  citations: readonly string[];
  /** The entry's note (a paper certificate and its sampling time, an emergency admission): part of why. */
  note?: string | undefined;
}

/** One line: verification; attested by whom and what; the deciding rule (the first clause cited). */
export function reasonOf(e: ReasonInput): Bilingual {
  const parts: Bilingual[] = [verificationWords(e.verification)];
  if (e.evidenceSummary.input === 'attested') {
    const what = attestedWords(e.evidenceSummary);
    const who = e.operator ?? '—';
    parts.push({ zh: `操作员 ${who} 确认${what.length ? `：${what.map((w) => w.zh).join('、')}` : ''}`, en: `attested by ${who}${what.length ? `: ${what.map((w) => w.en).join(', ')}` : ''}` });
  }
  if (e.note) parts.push({ zh: noteIn(e.note, 'zh')!, en: noteIn(e.note, 'en')! });
  if (e.citations[0]) parts.push({ zh: `依据 ${e.citations[0]}`, en: `rule ${e.citations[0]}` });
  return { zh: parts.map((p) => p.zh).join('；'), en: parts.map((p) => p.en).join('; ') };
}
