import { describe, expect, it } from 'vitest';
import { cutText, valueText } from '../../electron/core/text';

describe('cutText', () => {
  it.each([
    ['short, whole', '陈小明', 5, '陈小明'],
    ['exactly the limit, whole', '陈小明', 3, '陈小明'],
    ['longer, cut with an ellipsis', '陈小明小红', 3, '陈小明…'],
    ['astral characters counted as one each: 4 fit in 4', '𠀀𠀁𠀂𠀃', 4, '𠀀𠀁𠀂𠀃'],
    ['astral characters never split in half', '𠀀𠀁𠀂𠀃', 3, '𠀀𠀁𠀂…'],
    ['empty', '', 0, ''],
  ])('%s', (_name, text, max, cut) => {
    expect(cutText(text, max)).toBe(cut);
  });
});

describe('valueText', () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  it.each([
    ['a string as it is', 'ES256', 80, 'ES256'],
    ['a long string cut', 'x'.repeat(100), 10, `${'x'.repeat(10)}…`],
    ['a number', -7, 80, '-7'],
    ['an object whose toString is no function (String() throws)', { toString: 0 }, 80, '{"toString":0}'],
    ['a bigint (JSON.stringify throws)', 2n ** 70n, 80, '1180591620717411303424'],
    ['a cycle', cyclic, 80, '[object Object]'],
    ['null', null, 80, 'null'],
    ['undefined', undefined, 80, 'undefined'],
    ['a Map', new Map([['toString', 0]]), 80, '{}'],
  ])('%s', (_name, raw, max, text) => {
    expect(valueText(raw, max)).toBe(text);
  });
});
