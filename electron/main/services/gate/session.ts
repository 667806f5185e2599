// Session and operators: who is signed in (memory only), the operators' PIN hashes, and the one admin-PIN check.
import { z } from 'zod';
import type { Handlers, ParsedInputOf } from '../../../api/contract';
import { AppError } from '../../../core/errors';
import type { SettingsRepo } from '../../../db/settings';
import { pinHashSchema, type PinGuard } from '../pins';
import type { GateContext } from './context';

const operatorsSchema = z.array(z.strictObject({ name: z.string(), pin: pinHashSchema }));
export type Operators = z.infer<typeof operatorsSchema>;

export interface Session {
  /** The operator signed in on the screen, or undefined while the station is locked. */
  signedIn(): string | undefined;
  signInAs(name: string | undefined): void;
  operators(): Operators;
  /** Who records entries: the CLI's fixed operator, or the one signed in (SIGNED_OUT if operators exist and nobody is). */
  currentOperator(): string | undefined;
  /** WRONG_PIN unless `pin` is the admin PIN. */
  requireAdmin(pin: string): void;
}

export function createSession(settings: SettingsRepo, pins: PinGuard, fixedOperator?: () => string | undefined): Session {
  let signedIn: string | undefined;
  const operators = (): Operators => operatorsSchema.catch([]).parse(settings.get('operators') ?? []);
  return {
    signedIn: () => signedIn,
    signInAs: (name) => {
      signedIn = name;
    },
    operators,
    currentOperator() {
      const fixed = fixedOperator?.();
      if (fixed) return fixed;
      if (operators().length > 0 && !signedIn) throw new AppError('SIGNED_OUT');
      return signedIn;
    },
    requireAdmin: (pin) => pins.checkAdmin(pin),
  };
}

export function sessionHandlers(ctx: GateContext): Pick<Handlers, 'signIn' | 'lock'> {
  return {
    async signIn(input: ParsedInputOf<'signIn'>) {
      const op = ctx.session.operators().find((o) => o.name === input.name);
      // An unknown name is checked (and locked) like a known one, so names cannot be probed.
      const rehashed = ctx.pins.checkOperator(input.name, input.pin, op?.pin);
      if (rehashed) ctx.settings.put('operators', ctx.session.operators().map((o) => (o.name === input.name ? { ...o, pin: rehashed } : o)));
      ctx.session.signInAs(input.name);
      return { operator: input.name };
    },
    async lock() {
      ctx.session.signInAs(undefined);
      ctx.recent.clear();
      return { locked: true as const };
    },
  };
}
