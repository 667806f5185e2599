import { parseArgs, type ParseArgsConfig } from 'node:util';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AppError, USER_MESSAGES } from '../core/errors';
import { parseProfile } from '../core/rules/profile';
import { evaluate } from '../core/rules/evaluate';
import { entrantSchema, evidenceSchema, isoInstant } from '../core/rules/types';
import { formatZodError } from '../core/zod-error';
import { loadPackFile, loadPacks } from '../main/services/packs';

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
function parseOptions<T extends ParseArgsConfig>(config: T) {
  try {
    return parseArgs(config);
  } catch (err) {
    throw new UsageError((err as Error).message);
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
      return ['PROFILE_INVALID', 'PACK_INVALID', 'INVALID_INPUT', 'CATEGORY_NOT_APPLICABLE', 'NOT_SET_UP'].includes(err.code) ? 2 : 1;
    }
    throw err;
  }
}

const evaluationInputSchema = z.strictObject({
  now: isoInstant,
  entrant: entrantSchema,
  evidence: z.array(evidenceSchema).max(50),
});

const evaluateCommand: Command = {
  summary: 'apply a venue profile to one entrant and print the verdict JSON (try a profile before deploying it)',
  usage: 'npm run -s cli -- evaluate --profile PROFILE.json --input INPUT.json [--pack PACK.json]\n' +
    '  INPUT: { "now": ISO-8601, "entrant": { "category": … }, "evidence": [ … ] }\n' +
    '  --pack: use this policy pack file instead of the shipped ones (to try a new pack)',
  run: (args, io) =>
    guarded(io, () => {
      const { values } = parseOptions({ args, strict: true, options: { profile: { type: 'string' }, input: { type: 'string' }, pack: { type: 'string' } } });
      if (!values.profile) throw new UsageError('--profile PROFILE.json is required');
      if (!values.input) throw new UsageError('--input INPUT.json is required');
      const profile = parseProfile(readJsonFile(values.profile, 'profile'));
      const pack = values.pack ? loadPackFile(values.pack) : loadPacks().get(profile.pack);
      if (!pack) throw new UsageError(`profile ${values.profile}: pack: unknown policy pack "${profile.pack}"`);
      if (pack.id !== profile.pack) throw new UsageError(`--pack ${values.pack} is "${pack.id}" but the profile names "${profile.pack}"`);
      const parsed = evaluationInputSchema.safeParse(readJsonFile(values.input, 'input'));
      if (!parsed.success) throw new UsageError(`input ${values.input}: ${formatZodError(parsed.error)}`);
      const { now, entrant, evidence } = parsed.data;
      const verdict = evaluate({ profile, pack }, entrant, evidence, Date.parse(now));
      io.out(`${JSON.stringify(verdict, null, 2)}\n`);
      return 0;
    }),
};

export const COMMANDS: Record<string, Command> = {
  evaluate: evaluateCommand,
};
