// Holders' names as certificates give them ("陈 小明", "CHEN XIAOMING", "Ｃｈｅｎ"): kept as given, found however
// typed, shown the way the script writes them.
import { cutText } from '../text';

const CJK = /[\p{Script=Han}\u3400-\u9fff\uf900-\ufaff]/u;

/**
 * The form a name is searched by: compatibility forms folded (full-width letters and digits, the ideographic space:
 * NFKC), white space removed, case ignored. "陈 小明", "陈小明" and "陈\u3000小明" have one key, as do "Chen" and "ＣＨＥＮ".
 */
export function nameKey(name: string): string {
  return name.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
}

/**
 * A name inside a sentence (a reason line): the bidi controls that could reorder the sentence around it are dropped,
 * and a name longer than `max` characters is cut with an ellipsis (the holder line shows it whole).
 */
export function nameInText(name: string, max = 24): string {
  // eslint-disable-next-line no-control-regex -- controls are what this drops
  return cutText(displayName(name).replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ''), max);
}

/** A name for the screen: Chinese characters are written without spaces between them; Latin names keep theirs. */
export function displayName(name: string): string {
  // Most names have no white space at all: nothing to trim, fold or drop.
  if (!/\s/u.test(name)) return name.normalize('NFC');
  const chars = [...name.normalize('NFC').trim().replace(/\s+/gu, ' ')];
  return chars.filter((c, i) => !(c === ' ' && CJK.test(chars[i - 1] ?? '') && CJK.test(chars[i + 1] ?? ''))).join('');
}
