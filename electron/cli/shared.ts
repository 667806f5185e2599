// What every command shares: the I/O seam, usage errors, option parsing, the register opened for one command, and
// calls through the contract's handlers (the same path the screen takes).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { readFileSync } from 'node:fs';
import { AppError, USER_MESSAGES } from '../core/errors';
import { openGate, type Gate } from '../main/services/compose';
import { contract, type InputOf, type OutputOf } from '../api/contract';
import type { Method } from '../api/methods';
import { formatZodError } from '../core/zod-error';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
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
  const gate = await openGate(dataDir, options);
  try {
    return await body(gate);
  } finally {
    gate.close();
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
      return ['PROFILE_INVALID', 'PACK_INVALID', 'INVALID_INPUT', 'CATEGORY_NOT_APPLICABLE', 'NOT_SET_UP', 'TRUST_INVALID', 'ALREADY_SET_UP'].includes(err.code) ? 2 : 1;
    }
    throw err;
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

