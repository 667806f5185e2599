// The time of day the register prints (exports, lists): arithmetic from a per-quarter-hour offset, the same as Intl's
// formatting in every zone, across daylight-saving changes (also those inside a quarter hour), half- and quarter-hour
// zones and the date line.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { clockTimeOf } from '../../../electron/main/services/register';
import { sized, timeoutFor } from '../../support/property';

const ZONES = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/St_Johns', 'UTC'];
const formats = new Map(ZONES.map((timeZone) => [timeZone, new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })]));
const intl = (at: number, timeZone: string) => formats.get(timeZone)!.format(at);

describe('clockTimeOf', () => {
  it('is what Intl says, second by second around daylight-saving changes', () => {
    const changes: [string, string][] = [
      ['Europe/Berlin', '2026-03-29T01:00:00Z'], ['Europe/Berlin', '2026-10-25T01:00:00Z'],
      ['America/New_York', '2026-03-08T07:00:00Z'], ['America/New_York', '2026-11-01T06:00:00Z'],
      ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'], ['Australia/Lord_Howe', '2026-10-03T15:30:00Z'],
      ['Pacific/Chatham', '2026-04-04T14:00:00Z'],
      // Newfoundland moved its clocks at 00:01 local until 2011: changes inside a quarter hour (found by the property).
      ['America/St_Johns', '2010-03-14T03:31:00Z'], ['America/St_Johns', '2010-11-07T02:31:00Z'],
    ];
    for (const [zone, iso] of changes) {
      const at = Date.parse(iso);
      for (let d = -3600_000; d <= 3600_000; d += 997) if (clockTimeOf(at + d, zone) !== intl(at + d, zone)) expect(clockTimeOf(at + d, zone), `${zone} ${new Date(at + d).toISOString()}`).toBe(intl(at + d, zone));
    }
  });

  const runs = 3000;
  it('is what Intl says at any instant in any of the zones (property)', () => {
    fc.assert(fc.property(fc.integer({ min: Date.parse('1990-01-01'), max: Date.parse('2060-01-01') }), fc.constantFrom(...ZONES), (at, zone) => {
      expect(clockTimeOf(at, zone)).toBe(intl(at, zone));
    }), sized(runs));
  }, timeoutFor(runs));

  it('midnight is 00:00:00, never 24:00:00', () => {
    expect(clockTimeOf(Date.parse('2026-11-19T16:00:00Z'), 'Asia/Shanghai')).toBe('00:00:00');
  });
});
