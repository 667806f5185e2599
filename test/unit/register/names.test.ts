import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { displayName, nameKey } from '../../../electron/core/register/names';
import { sized, timeoutFor } from '../../support/property';

const RUNS = 500;

describe('core/register/names', () => {
  it.each([
    ['陈 小明', '陈小明'],
    ['陈　小明', '陈小明'],
    ['CHEN XIAOMING', 'chenxiaoming'],
    ['Ｃｈｅｎ　Ｘｉａｏｍｉｎｇ', 'chenxiaoming'],
    ['Müller  Anna', 'mülleranna'],
  ])('search key of %j is %j', (name, key) => {
    expect(nameKey(name)).toBe(key);
  });

  it.each([
    ['陈 小明', '陈小明'],
    ['陈　小明', '陈小明'],
    ['欧阳  娜娜', '欧阳娜娜'],
    ['CHEN XIAOMING', 'CHEN XIAOMING'],
    ['Anna  Müller', 'Anna Müller'],
    ['陈 XIAO MING', '陈 XIAO MING'],
  ])('%j is shown as %j', (name, shown) => {
    expect(displayName(name)).toBe(shown);
  });

  it('a name with no white space is shown as the general rule shows it, composed (NFC) (property)', { timeout: timeoutFor(RUNS) }, () => {
    // The rule as written before its fast path: trim, runs of white space made one, none between two Han characters.
    const CJK = /[\p{Script=Han}\u3400-\u9fff\uf900-\ufaff]/u;
    const general = (name: string) => {
      const chars = [...name.normalize('NFC').trim().replace(/\s+/gu, ' ')];
      return chars.filter((c, i) => !(c === ' ' && CJK.test(chars[i - 1] ?? '') && CJK.test(chars[i + 1] ?? ''))).join('');
    };
    const char = fc.constantFrom('陈', '小', 'a', 'Z', 'e\u0301', '\u00e9', 'Ａ', ' ', '\u3000', '\t', '\u00a0', '\ufeff', '\u2028', '-');
    fc.assert(fc.property(fc.array(char, { maxLength: 10 }), (chars) => {
      const name = chars.join('');
      expect(displayName(name)).toBe(general(name));
    }), sized(RUNS));
  });

  it('a name and any spacing, width or case of it share one key', { timeout: timeoutFor(200) }, () => {
    const char = fc.constantFrom(...'陈小明欧阳娜abcXYZ019'.split(''));
    fc.assert(fc.property(fc.array(char, { minLength: 1, maxLength: 8 }), fc.array(fc.constantFrom(' ', '\u3000', ''), { minLength: 8, maxLength: 8 }), (chars, gaps) => {
      const plain = chars.join('');
      const spaced = chars.map((c, i) => c + gaps[i]).join('');
      const wide = [...spaced].map((c) => (/[A-Za-z0-9]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');
      expect(nameKey(wide)).toBe(nameKey(plain.toLowerCase()));
      expect(nameKey(spaced.toUpperCase())).toBe(nameKey(plain));
    }), sized(200));
  });
});
