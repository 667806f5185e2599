import { describe, expect, it } from 'vitest';
import { cutText } from '../../electron/core/text';

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
