// The entrant-facing screen (issue 32): the station page says what it shows, the display pages follow. Only the
// outcome's kind crosses (the contract's schema allows nothing else): no name, no ID, no certificate.
import type { Handlers, ParsedInputOf } from '../../../api/contract';
import type { GateContext } from './context';

export function displayHandlers(ctx: GateContext): Pick<Handlers, 'showDisplay'> {
  return {
    // No sign-in: a locked station says "idle" too, and what is shown is nothing personal.
    async showDisplay(input: ParsedInputOf<'showDisplay'>) {
      ctx.emit('display', input);
      return {};
    },
  };
}
