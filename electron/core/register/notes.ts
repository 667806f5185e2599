// The notes the station itself writes on an entry (a paper certificate and its sampling time, an emergency
// admission). They are stored once, in both languages ("纸质证明 paper certificate"), so a register read by an admin
// in either language still says it; every place that shows a note shows it in one language through `noteIn`.
import type { Bilingual } from '../errors';

/** Each phrase as stored (Chinese, a space, English), with its words in each language. */
export const NOTE_PHRASES = {
  paper: { zh: '纸质证明', en: 'paper certificate' },
  sampled: { zh: '采样', en: 'sampled' },
  emergency: { zh: '急救放行', en: 'emergency admission (F1)' },
  emergencyLocked: { zh: '锁屏时急救放行', en: 'emergency admitted while the station was locked (F1)' },
  signedOut: { zh: '操作员确认已离开', en: 'signed out by the operator (not seen leaving)' },
} as const satisfies Record<string, Bilingual>;

/** A phrase as the register stores it. */
export const stored = (p: Bilingual): string => `${p.zh} ${p.en}`;

/** The note on a paper certificate's entry: paper, and the sampling time as the operator typed it (venue time). */
export function paperNote(sampledLocal: string): string {
  return `${stored(NOTE_PHRASES.paper)} · ${stored(NOTE_PHRASES.sampled)} ${sampledLocal}`;
}

// Longest first, so a phrase that contains another is replaced whole.
const PHRASES = Object.values(NOTE_PHRASES).sort((a, b) => stored(b).length - stored(a).length);

/** A stored note in one language: the station's own phrases translated, anything else as it was written. */
export function noteIn(note: string | undefined, language: 'zh' | 'en'): string | undefined {
  if (!note) return note;
  let out = note;
  for (const p of PHRASES) out = out.split(stored(p)).join(p[language]);
  return out;
}
