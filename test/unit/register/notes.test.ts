import { describe, it, expect } from 'vitest';
import { NOTE_PHRASES, noteIn, paperNote, stored } from '../../../electron/core/register/notes';

describe('register/noteIn', () => {
  it.each([
    { name: 'a paper certificate with its sampling time, in Chinese', note: paperNote('2022-12-08 09:30'), lang: 'zh' as const, want: '纸质证明 · 采样 2022-12-08 09:30' },
    { name: 'the same in English', note: paperNote('2022-12-08 09:30'), lang: 'en' as const, want: 'paper certificate · sampled 2022-12-08 09:30' },
    { name: 'an emergency from the lock screen (a phrase containing another is replaced whole)', note: stored(NOTE_PHRASES.emergencyLocked), lang: 'en' as const, want: 'emergency admitted while the station was locked (F1)' },
    { name: 'an emergency, in Chinese', note: stored(NOTE_PHRASES.emergency), lang: 'zh' as const, want: '急救放行' },
    { name: 'a note someone else wrote is left as written', note: '家属陪同 with family', lang: 'en' as const, want: '家属陪同 with family' },
    { name: 'no note', note: undefined, lang: 'en' as const, want: undefined },
  ])('$name', ({ note, lang, want }) => {
    expect(noteIn(note, lang)).toBe(want);
  });
});
