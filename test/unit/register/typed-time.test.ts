import { describe, it, expect } from 'vitest';
import { readTypedTime, typedTimeIsFuture } from '../../../electron/core/register/typed-time';

const NOW = Date.parse('2022-12-10T10:00:00+08:00');
const TZ = 'Asia/Shanghai';
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('register/readTypedTime', () => {
  it.each([
    { name: 'a time earlier today', text: '09:30', want: '2022-12-10T01:30:00.000Z' },
    { name: 'a time later than now is yesterday\'s', text: '21:15', want: '2022-12-09T13:15:00.000Z' },
    { name: 'a full-width colon (Chinese input)', text: '9：05', want: '2022-12-10T01:05:00.000Z' },
    { name: 'month and day', text: '12-08 9:30', want: '2022-12-08T01:30:00.000Z' },
    { name: 'month/day with a slash', text: '12/9 23:59', want: '2022-12-09T15:59:00.000Z' },
    { name: 'a full date', text: '2022-12-08 09:30', want: '2022-12-08T01:30:00.000Z' },
    { name: 'a month and day still to come are last year\'s', text: '12-25 08:00', want: '2021-12-25T00:00:00.000Z' },
    { name: 'a day that does not exist', text: '2022-02-30 09:00', want: undefined },
    { name: 'an hour that does not exist', text: '24:10', want: undefined },
    { name: 'a full date in the future', text: '2022-12-11 09:00', want: undefined },
    { name: 'words', text: 'yesterday', want: undefined },
    { name: 'nothing', text: '', want: undefined },
    { name: 'today\'s month and day with a later time is in the future (never last year)', text: '12-10 15:00', want: undefined },
  ])('$name', ({ text, want }) => {
    expect(iso(readTypedTime(text, NOW, TZ))).toBe(want);
  });

  it.each([
    { text: '12-10 15:00', future: true },
    { text: '2022-12-11 09:00', future: true },
    { text: '12-10 09:00', future: false },
    { text: '21:15', future: false },
    { text: 'yesterday', future: false },
  ])('typedTimeIsFuture($text) is $future', ({ text, future }) => {
    expect(typedTimeIsFuture(text, NOW, TZ)).toBe(future);
  });
});
