// Joining the venue's shared register from Settings (admin PIN): the same as `venue join` on the command line.
import type { Handlers, ParsedInputOf } from '../../../api/contract';
import { AppError } from '../../../core/errors';
import type { GateContext } from './context';

export function venueHandlers(ctx: GateContext): Pick<Handlers, 'joinVenue' | 'venueRegister'> {
  return {
    async joinVenue(input: ParsedInputOf<'joinVenue'>) {
      ctx.session.requireAdmin(input.adminPin);
      if (!ctx.joinVenue) throw new AppError('INVALID_INPUT', 'this host cannot join a venue');
      return ctx.joinVenue({ adminUrl: input.url, stationName: input.stationName, venueName: input.venueName, joinCode: input.joinCode, dbPassword: input.dbPassword });
    },
    async venueRegister(input: ParsedInputOf<'venueRegister'>) {
      ctx.session.requireAdmin(input.adminPin);
      if (input.fromDay > input.toDay) throw new AppError('INVALID_INPUT', 'from ≤ to');
      if (!ctx.venueRegister) throw new AppError('VENUE_NOT_JOINED');
      return ctx.venueRegister(input);
    },
  };
}
