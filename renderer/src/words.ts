// The station's language for words that come bilingual from the core (outcomes, categories, clauses, reasons): the
// one place that decides which language shows, so no screen reads `.zh` or `.en` itself. In Chinese the English
// words follow as a subtitle; in English, English alone.
import { useTranslation } from 'react-i18next';
import type { Bilingual } from '../../electron/core/errors';

export type Language = 'zh' | 'en';

export function useWords() {
  const { t, i18n } = useTranslation();
  const lang: Language = i18n.language === 'en' ? 'en' : 'zh';
  const tEn = i18n.getFixedT('en');
  return {
    t,
    lang,
    /** Core words in the station's language. */
    w: (b: Bilingual): string => b[lang],
    /** The English subtitle under Chinese words; nothing when the station is in English. */
    sub: (b: Bilingual): string | undefined => (lang === 'zh' ? b.en : undefined),
    /** The English subtitle of one of the station's own words (an i18n key), under Chinese only. */
    tSub: (key: string, options?: Record<string, unknown>): string | undefined => (lang === 'zh' ? String(options ? tEn(key, options) : tEn(key)) : undefined),
    /** A time of day in the venue's zone, as the station's language writes it. */
    time: (at: number, timeZone: string): string => new Date(at).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false, timeZone }),
  };
}
