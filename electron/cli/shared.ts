// What every command shares: the I/O seam, usage errors, option parsing, the register opened for one command, and
// calls through the contract's handlers (the same path the screen takes).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { readFileSync } from 'node:fs';
import { AppError, USER_MESSAGES, causeOf } from '../core/errors';
import { openGate, type Gate } from '../main/services/compose';
import { contract, type InputOf, type OutputOf } from '../api/contract';
import type { Method } from '../api/methods';
import { formatZodError } from '../core/zod-error';
import type { SecretReader } from './secrets';
import { log, openStationLog } from '../main/services/station-log';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** The environment (GATECHECK_ADMIN_PIN, GATECHECK_OPERATOR_PIN). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Asks for a PIN when its variable is not set (a hidden prompt at a terminal, else the next line of input). */
  readSecret?: SecretReader;
}

/** Where each PIN comes from: its environment variable, else a prompt. */
export const PIN_SOURCES = {
  admin: { env: 'GATECHECK_ADMIN_PIN', prompt: '管理员 PIN / Admin PIN: ' },
  operator: { env: 'GATECHECK_OPERATOR_PIN', prompt: '操作员 PIN / Operator PIN: ' },
} as const;

/** What `help` says of PINs, for every command that takes one. */
export const PIN_HELP = 'PINs are never given on the command line (`ps` shows it): set GATECHECK_ADMIN_PIN / GATECHECK_OPERATOR_PIN, or type them at the prompt (piped input: one PIN per line).';

/** A PIN from its environment variable or the prompt; a usage error when neither gives one. */
export async function readPin(io: CliIo, which: keyof typeof PIN_SOURCES): Promise<string> {
  const source = PIN_SOURCES[which];
  const pin = io.env?.[source.env] ?? (await io.readSecret?.(source.prompt));
  if (!pin) throw new UsageError(`the ${which} PIN is needed: set ${source.env} or type it at the prompt`);
  return pin;
}

/** Refuses a PIN given as an argument, saying where it goes instead. */
export function refusePinArguments(args: readonly string[]): void {
  const given = args.find((a) => /^--(admin-)?pin(=|$)/.test(a));
  if (given) throw new UsageError(`${given.split('=')[0]} is not taken: ${PIN_HELP}`);
}

export interface Command {
  summary: string;
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** A user mistake: printed as one clear line, exit code 2. */
export class UsageError extends Error {}

export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`${what} ${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new UsageError(`${what} ${path}: not valid JSON (${(err as Error).message})`);
  }
}

/** parseArgs with its errors ("Unknown option '--x'") turned into usage errors. */
export function parseOptions<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Opens the register for one command and always closes it (another process may be waiting for the folder). */
export async function withGate<T>(dataDir: string, options: Parameters<typeof openGate>[1], body: (gate: Gate) => Promise<T>): Promise<T> {
  // The command's lines go to the data folder's log file, as the app's do.
  const opened = await openStationLog(dataDir, 'cli').catch(() => undefined);
  try {
    const gate = await openGate(dataDir, options);
    try {
      return await body(gate);
    } finally {
      gate.close();
    }
  } catch (err) {
    if (!(err instanceof UsageError)) log.error('cli.failed', { code: err instanceof AppError ? err.code : 'INTERNAL', detail: causeOf(err), stack: err instanceof AppError ? undefined : (err as Error)?.stack });
    throw err;
  } finally {
    opened?.close();
  }
}

/** Runs a command body, turning expected failures into messages and exit codes. */
export async function guarded(io: CliIo, body: () => Promise<number> | number): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`gatecheck: ${err.message}\n`);
      return 2;
    }
    if (err instanceof AppError) {
      const m = USER_MESSAGES[err.code];
      io.err(`gatecheck: ${err.code}: ${m.zh} ${m.en}${err.detail ? `\n  ${err.detail}` : ''}\n`);
      return ['PROFILE_INVALID', 'PACK_INVALID', 'PACK_UNSIGNED', 'PACK_SIGNATURE', 'INVALID_INPUT', 'CATEGORY_NOT_APPLICABLE', 'NOT_SET_UP', 'TRUST_INVALID', 'ALREADY_SET_UP', 'VENUE_TLS_REQUIRED', 'VENUE_ALREADY_JOINED', 'VENUE_NOT_JOINED'].includes(err.code) ? 2 : 1;
    }
    // Anything else is a fault of ours: one line with the internal code; the stack only when asked for.
    const m = USER_MESSAGES.INTERNAL;
    io.err(`gatecheck: INTERNAL: ${m.zh} ${m.en}\n  ${(err as Error)?.message ?? String(err)}\n`);
    if (io.env?.GATECHECK_DEBUG === '1') io.err(`${(err as Error)?.stack ?? ''}\n`);
    return 1;
  }
}

/**
 * Calls a contract method as the screen does: the contract's schema checks the input (a mistake is a usage error
 * naming the field), then the same handler runs. Errors reach `guarded`, which prints them for the command line.
 */
export async function call<M extends Method>(gate: Gate, method: M, input: InputOf<M>): Promise<OutputOf<M>> {
  const parsed = contract[method].input.safeParse(input);
  if (!parsed.success) throw new UsageError(formatZodError(parsed.error));
  const handler = gate.handlers[method] as (input: unknown) => Promise<OutputOf<M>>;
  return handler(parsed.data);
}

/** Who the register records for a command-line export or search: --operator, or "CLI". */
export const cliOperator = (name: string | undefined) => () => name ?? 'CLI';

