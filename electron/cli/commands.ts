import { parseArgs, type ParseArgsConfig } from 'node:util';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AppError, USER_MESSAGES } from '../core/errors';
import { parseProfile } from '../core/rules/profile';
import { evaluate } from '../core/rules/evaluate';
import { entrantSchema, evidenceSchema, isoInstant, CATEGORIES, OUTCOMES, type Category, type Outcome } from '../core/rules/types';
import { parseId } from '../core/credentials/cn-id';
import { openGate, type Gate } from '../main/services/compose';
import { saveStationConfig } from '../main/services/station-config';
import { contract, type InputOf, type OutputOf } from '../api/contract';
import type { Method } from '../api/methods';
import { importTable } from '../main/services/roster-import';
import { formatZodError } from '../core/zod-error';
import { loadPackFile, loadPacks } from '../main/services/packs';
import { loadTrust, trustPathsFor } from '../main/services/trust';
import { createDccSchemaValidator } from '../main/services/dcc-schema';
import { decodeScan } from '../core/credentials/decode';

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

/** Opens the register for one command and always closes it (another process may be waiting for the folder). */
async function withGate<T>(dataDir: string, options: Parameters<typeof openGate>[1], body: (gate: Gate) => Promise<T>): Promise<T> {
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

/** Reads PAYLOAD arguments: literal text, or @FILE (one payload, or one chunk per line). */
function readPayloads(args: string[]): string[] {
  const parts = args.flatMap((a) => {
    if (!a.startsWith('@')) return [a];
    let text: string;
    try {
      text = readFileSync(a.slice(1), 'utf8');
    } catch (err) {
      throw new UsageError(`${a}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    return text.replace(/^\uFEFF/, '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  });
  if (parts.length === 0) throw new UsageError('PAYLOAD is required (the scanned text, or @FILE)');
  return parts;
}

function parseNow(now: string | undefined): number {
  if (now === undefined) return Date.now();
  const parsed = isoInstant.safeParse(now);
  if (!parsed.success) throw new UsageError(`--now must be an ISO-8601 instant with an offset (e.g. 2022-12-08T10:00:00+08:00), got "${now}"`);
  return Date.parse(now);
}

const decodeCommand: Command = {
  summary: 'decode and verify one scanned payload (EU DCC, SMART Health Card, ID number, …) and print it as evidence JSON',
  usage: 'npm run -s cli -- decode [--trust FILE_OR_DIR]... [--now ISO-8601] PAYLOAD|@FILE [MORE_PARTS…]\n' +
    '  --trust: trust lists to use besides the shipped ones (repeatable; a folder means its *.json files)\n' +
    '  several PAYLOADs (or lines of @FILE) are the parts of a chunked SMART Health Card',
  run: (args, io) =>
    guarded(io, async () => {
      const { values, positionals } = parseOptions({ args, strict: true, allowPositionals: true, options: { trust: { type: 'string', multiple: true }, now: { type: 'string' } } });
      const now = parseNow(values.now);
      const parts = readPayloads(positionals);
      let trust;
      try {
        trust = await loadTrust(trustPathsFor('/nonexistent-data-dir', values.trust ?? []));
      } catch (err) {
        if (err instanceof AppError) throw new UsageError(`--trust: ${err.detail ?? err.code}`);
        throw err;
      }
      const r = await decodeScan(parts, { trust: trust.store, now, validateDccSchema: createDccSchemaValidator() });
      const out = r.ok
        ? { ok: true, format: r.format, evidence: r.evidence, identity: r.identity, ...(r.notes.length ? { notes: r.notes } : {}), ...(Object.keys(r.meta).length ? { meta: r.meta } : {}) }
        : { ok: false, format: r.format, code: r.code, message: `${r.words.zh} (${r.words.en}): ${r.message}` };
      io.out(`${JSON.stringify(out, null, 2)}\n`);
      return 0;
    }),
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

const checkCommand: Command = {
  summary: 'decode a payload, apply the venue profile, record the entry in the register and print the verdict JSON',
  usage: 'npm run -s cli -- check --data-dir DIR --profile PROFILE.json --category CAT [--trust FILE_OR_DIR]... [--now ISO-8601]\n' +
    '                          [--operator NAME] [--venue-name NAME] [--station NAME] PAYLOAD|@FILE',
  run: (args, io) =>
    guarded(io, async () => {
      const { values, positionals } = parseOptions({
        args, strict: true, allowPositionals: true,
        options: {
          'data-dir': { type: 'string' }, profile: { type: 'string' }, category: { type: 'string' }, trust: { type: 'string', multiple: true },
          now: { type: 'string' }, operator: { type: 'string' }, 'venue-name': { type: 'string' }, station: { type: 'string' },
        },
      });
      if (!values['data-dir']) throw new UsageError('--data-dir DIR is required');
      if (!values.profile) throw new UsageError('--profile PROFILE.json is required');
      const category = z.enum(CATEGORIES).safeParse(values.category);
      if (!category.success) throw new UsageError(`--category must be one of ${CATEGORIES.join(', ')}`);
      const profile = parseProfile(readJsonFile(values.profile, 'profile'));
      const now = parseNow(values.now);
      const parts = readPayloads(positionals);
      return withGate(values['data-dir'], { clock: () => now, trustPaths: values.trust ?? [], operator: () => values.operator }, async (gate) => {
        const previous = gate.settings.get('station') as { venueName?: string; stationName?: string } | undefined;
        saveStationConfig(gate.settings, gate.packs, {
          ...(previous ?? {}),
          venueName: values['venue-name'] ?? previous?.venueName ?? '未命名场所',
          stationName: values.station ?? previous?.stationName ?? 'CLI',
          profile,
        });
        let out: Awaited<ReturnType<typeof gate.handlers.check>> | undefined;
        for (const part of parts) out = await gate.handlers.check({ code: part, category: category.data, source: 'manual' });
        // The verdict JSON of `evaluate` (clause ids), with what the register recorded.
        const { citations, ...rest } = out!;
        io.out(`${JSON.stringify({ ...rest, citations: citations.map((c) => c.id) }, null, 2)}\n`);
        return 0;
      });
    }),
};

/**
 * Calls a contract method as the screen does: the contract's schema checks the input (a mistake is a usage error
 * naming the field), then the same handler runs. Errors reach `guarded`, which prints them for the command line.
 */
async function call<M extends Method>(gate: Gate, method: M, input: InputOf<M>): Promise<OutputOf<M>> {
  const parsed = contract[method].input.safeParse(input);
  if (!parsed.success) throw new UsageError(formatZodError(parsed.error));
  const handler = gate.handlers[method] as (input: unknown) => Promise<OutputOf<M>>;
  return handler(parsed.data);
}

/** Who the register records for a command-line export or search: --operator, or "CLI". */
const cliOperator = (name: string | undefined) => () => name ?? 'CLI';

const exportCommand: Command = {
  summary: "write a day's (or a range's) register as CSV and print the file's path",
  usage: 'npm run -s cli -- export --data-dir DIR (--day YYYY-MM-DD | --from YYYY-MM-DD --to YYYY-MM-DD) --out DIR\n' +
    '                           [--english] [--unmasked --admin-pin PIN] [--operator NAME]',
  run: (args, io) =>
    guarded(io, async () => {
      const { values } = parseOptions({
        args, strict: true,
        options: {
          'data-dir': { type: 'string' }, day: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' },
          english: { type: 'boolean' }, unmasked: { type: 'boolean' }, 'admin-pin': { type: 'string' }, operator: { type: 'string' },
        },
      });
      if (!values['data-dir']) throw new UsageError('--data-dir DIR is required');
      const outDir = values.out;
      if (!outDir) throw new UsageError('--out DIR is required');
      const from = values.day ?? values.from;
      const to = values.day ?? values.to;
      if (!from || !to) throw new UsageError('give --day YYYY-MM-DD, or --from and --to');
      if (values.unmasked && !values['admin-pin']) throw new UsageError('--unmasked needs --admin-pin PIN');
      return withGate(values['data-dir'], { exportDir: outDir, operator: cliOperator(values.operator) }, async (gate) => {
        const r = await call(gate, 'exportDays', {
          fromDay: from, toDay: to, language: values.english ? 'en' : 'zh',
          ...(values.unmasked ? { adminPin: values['admin-pin'] } : {}),
        });
        io.out(`${r.path}\n`);
        return 0;
      });
    }),
};

const searchCommand: Command = {
  summary: 'print register entries matching day or range, outcome, category, a name fragment or an ID number, as JSON (names masked, as on screen)',
  usage: 'npm run -s cli -- search --data-dir DIR [--day YYYY-MM-DD | --from … --to …] [--outcome O] [--category C] [--name TEXT] [--id ID_NUMBER] [--limit N (≤ 2000)]\n' +
    '                           [--operator NAME]',
  run: (args, io) =>
    guarded(io, async () => {
      const { values } = parseOptions({
        args, strict: true,
        options: {
          'data-dir': { type: 'string' }, day: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, outcome: { type: 'string' },
          category: { type: 'string' }, name: { type: 'string' }, id: { type: 'string' }, limit: { type: 'string' }, operator: { type: 'string' },
        },
      });
      if (!values['data-dir']) throw new UsageError('--data-dir DIR is required');
      const limit = values.limit === undefined ? 2000 : Number(values.limit);
      return withGate(values['data-dir'], { operator: cliOperator(values.operator) }, async (gate) => {
        const found = await call(gate, 'searchRegister', {
          fromDay: values.day ?? values.from, toDay: values.day ?? values.to,
          outcome: values.outcome as Outcome | undefined, category: values.category as Category | undefined,
          name: values.name, idNumber: values.id?.trim(), limit,
        });
        io.out(`${JSON.stringify(found, null, 2)}\n`);
        return 0;
      });
    }),
};

const setupCommand: Command = {
  summary: "do the first-run wizard's work without a screen (for deploying many stations)",
  usage: 'npm run -s cli -- setup --data-dir DIR --profile PROFILE.json --station NAME --admin-pin PIN --operator NAME:PIN\n' +
    '                          [--venue-name NAME] [--retention-days N] [--export-dir DIR]',
  run: (args, io) =>
    guarded(io, async () => {
      const { values } = parseOptions({
        args, strict: true,
        options: {
          'data-dir': { type: 'string' }, profile: { type: 'string' }, station: { type: 'string' }, 'admin-pin': { type: 'string' },
          operator: { type: 'string' }, 'venue-name': { type: 'string' }, 'retention-days': { type: 'string' }, 'export-dir': { type: 'string' },
        },
      });
      for (const k of ['data-dir', 'profile', 'station', 'admin-pin', 'operator'] as const) if (!values[k]) throw new UsageError(`--${k} is required`);
      const m = /^([^:]+):(\d{4,12})$/.exec(values.operator!);
      if (!m) throw new UsageError('--operator must be NAME:PIN with a PIN of 4 to 12 digits');
      const input = contract.setup.input.safeParse({
        venueName: values['venue-name'] ?? values.station, stationName: values.station, profile: readJsonFile(values.profile!, 'profile'),
        adminPin: values['admin-pin'], operator: { name: m[1], pin: m[2] },
        ...(values['retention-days'] ? { retentionDays: Number(values['retention-days']) } : {}),
        ...(values['export-dir'] ? { exportDir: values['export-dir'] } : {}),
      });
      if (!input.success) throw new UsageError(formatZodError(input.error));
      parseProfile(input.data.profile);
      return withGate(values['data-dir']!, {}, async (gate) => {
        const station = await gate.handlers.setup(input.data);
        io.out(`${JSON.stringify({ ok: true, venueName: station.venueName, stationName: station.stationName, venueKind: station.venueKind, operator: station.operator }, null, 2)}\n`);
        return 0;
      });
    }),
};

const importCommand: Command = {
  summary: 'import a roster or lab results (CSV in UTF-8 or GB18030, or XLSX) and print counts and row errors as JSON',
  usage: 'npm run -s cli -- import --data-dir DIR (--roster FILE | --results FILE) [--dry-run]\n' +
    '  columns by header, in Chinese or English: 姓名 name, 身份证号 ID number, 类别 category, 工牌 badge, 电话 phone;\n' +
    '  results: 身份证号 or 姓名, 采样时间 sampling time, 检测方法 method, 检测结果 result, Ct, 检测机构 lab',
  run: (args, io) =>
    guarded(io, async () => {
      const { values } = parseOptions({ args, strict: true, options: { 'data-dir': { type: 'string' }, roster: { type: 'string' }, results: { type: 'string' }, 'dry-run': { type: 'boolean' } } });
      if (!values['data-dir']) throw new UsageError('--data-dir DIR is required');
      if (!values.roster === !values.results) throw new UsageError('give exactly one of --roster FILE or --results FILE');
      const file = (values.roster ?? values.results)!;
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch (err) {
        throw new UsageError(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
      return withGate(values['data-dir'], {}, async (gate) => {
        const report = await importTable({ rosters: gate.rosters, hashId: gate.hashId, clock: Date.now }, values.roster ? 'roster' : 'results', bytes, file, !values['dry-run']);
        io.out(`${JSON.stringify(report, null, 2)}\n`);
        return 0;
      });
    }),
};

export const COMMANDS: Record<string, Command> = {
  setup: setupCommand,
  import: importCommand,
  evaluate: evaluateCommand,
  decode: decodeCommand,
  check: checkCommand,
  export: exportCommand,
  search: searchCommand,
};
