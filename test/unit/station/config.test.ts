import { describe, it, expect } from 'vitest';
import { isKnownTimeZone, stationConfigSchema } from '../../../electron/core/station/config';

const base = { venueName: '某养老院', stationName: '1号岗', profile: { pack: 'cn-2022-12-07', venueKind: 'eldercare' } };

describe('station/timeZone', () => {
  it.each([
    { zone: 'Asia/Shanghai', known: true },
    { zone: 'Asia/Urumqi', known: true },
    { zone: 'UTC', known: true },
    { zone: 'Asia/Beijing', known: false },
    { zone: 'Mars/Olympus', known: false },
    { zone: '../../etc/passwd', known: false },
  ])('$zone is known: $known', ({ zone, known }) => {
    expect(isKnownTimeZone(zone)).toBe(known);
  });

  it('a configuration with an unknown zone is refused whole, with one message naming the field', () => {
    const r = stationConfigSchema.safeParse({ ...base, timeZone: 'Asia/Beijing' });
    expect(r.success).toBe(false);
    expect(r.error?.issues).toEqual([expect.objectContaining({ path: ['timeZone'], message: expect.stringContaining('time zone') })]);
    expect(stationConfigSchema.safeParse({ ...base, timeZone: 'Asia/Shanghai' }).success).toBe(true);
  });
});
