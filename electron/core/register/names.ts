// Holders' names as certificates give them ("陈 小明", "CHEN XIAOMING", "Ｃｈｅｎ"): kept as given, found however
// typed, shown the way the script writes them.

const CJK = /[\p{Script=Han}\u3400-\u9fff\uf900-\ufaff]/u;

/**
 * The form a name is searched by: compatibility forms folded (full-width letters and digits, the ideographic space:
 * NFKC), white space removed, case ignored. "陈 小明", "陈小明" and "陈\u3000小明" have one key, as do "Chen" and "ＣＨＥＮ".
 */
export function nameKey(name: string): string {
  return name.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
}

/** A name for the screen: Chinese characters are written without spaces between them; Latin names keep theirs. */
export function displayName(name: string): string {
  const chars = [...name.normalize('NFC').trim().replace(/\s+/gu, ' ')];
  return chars.filter((c, i) => !(c === ' ' && CJK.test(chars[i - 1] ?? '') && CJK.test(chars[i + 1] ?? ''))).join('');
}
