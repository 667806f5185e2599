// The services behind the contract, one file per feature, combined here into the one handler table that the
// Electron main process (IPC), the browser host (WebSocket) and the command line all call.
import type { Handlers } from '../../../api/contract';
import { createRecentChecks, type GateServiceDeps } from './context';
import { createSession, sessionHandlers } from './session';
import { stationHandlers } from './station';
import { checkHandlers } from './checks';
import { registerHandlers } from './register';
import { importHandlers } from './imports';
import { trustHandlers } from './trust';
import { packHandlers } from './sources';
import { venueHandlers } from './venue';
import { supportHandlers } from './support';
import { insideHandlers } from './inside';
import { displayHandlers } from './display';
import { peripheralHandlers } from './peripherals';
import { gateAnswers } from '../imports/gate-first';

export type { GateServiceDeps } from './context';
export { trustInfo } from './station';
export { summarize } from './register';

/** What a person at the gate waits for: a running import stands still while one is answered (gate-first.ts). */
const AT_THE_GATE = ['check', 'record', 'emergencyLocked', 'exit', 'exitFromList'] as const satisfies readonly (keyof Handlers)[];

export function createGateServices(deps: GateServiceDeps): Handlers {
  const ctx = { ...deps, session: createSession(deps.settings, deps.pins, deps.operator), recent: createRecentChecks() };
  const handlers: Handlers = {
    ...stationHandlers(ctx),
    ...sessionHandlers(ctx),
    ...checkHandlers(ctx),
    ...registerHandlers(ctx),
    ...importHandlers(ctx),
    ...trustHandlers(ctx),
    ...packHandlers(ctx),
    ...venueHandlers(ctx),
    ...supportHandlers(ctx),
    ...insideHandlers(ctx),
    ...displayHandlers(ctx),
    ...peripheralHandlers(ctx),
  };
  for (const name of AT_THE_GATE) {
    const answer = handlers[name] as (input: unknown) => Promise<unknown>;
    (handlers as Record<string, unknown>)[name] = (input: unknown) => gateAnswers(() => answer(input));
  }
  return handlers;
}
