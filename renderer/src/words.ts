// The station's language for words that come bilingual from the core (outcomes, categories, clauses, reasons): the
// one place that decides which language shows, so no screen reads `.zh` or `.en` itself. In English, English alone;
// in Chinese, Chinese alone, with the English words as a subtitle only when the venue has turned "bilingual" on.
import { useTranslation } from 'react-i18next';
import type { Bilingual } from '../../electron/core/errors';

export type Language = 'zh' | 'en';

/** The venue's "bilingual" setting, set by the app whenever the station (or its settings) is read. */
let bilingual = false;
export function setBilingual(on: boolean): void {
  bilingual = on;
}

// Building an Intl formatter costs far more than formatting with one (toLocaleTimeString builds one per call):
// one per language and zone, kept.
const timeFormats = new Map<string, Intl.DateTimeFormat>();
function timeFormat(lang: Language, timeZone: string): Intl.DateTimeFormat {
  const key = `${lang} ${timeZone}`;
  let f = timeFormats.get(key);
  if (!f) timeFormats.set(key, (f = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false, timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit' })));
  return f;
}

export function useWords() {
  const { t, i18n } = useTranslation();
  const lang: Language = i18n.language === 'en' ? 'en' : 'zh';
  const tEn = i18n.getFixedT('en');
  return {
    t,
    lang,
    /** Core words in the station's language. */
    w: (b: Bilingual): string => b[lang],
    /** The English subtitle under Chinese words, when the venue is bilingual; nothing in English. */
    sub: (b: Bilingual): string | undefined => (lang === 'zh' && bilingual ? b.en : undefined),
    /** The English subtitle of one of the station's own words (an i18n key), under Chinese in a bilingual venue only. */
    tSub: (key: string, options?: Record<string, unknown>): string | undefined => (lang === 'zh' && bilingual ? String(options ? tEn(key, options) : tEn(key)) : undefined),
    /** A time of day in the venue's zone, as the station's language writes it. */
    time: (at: number, timeZone: string): string => timeFormat(lang, timeZone).format(at),
  };
}
