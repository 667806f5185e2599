// Commands on a station's register: setup (the wizard without a screen), import (roster and lab results), export
// (the CSV) and search.
import { accessSync, constants, statSync } from 'node:fs';
import { parseProfile } from '../core/rules/profile';
import { type Category, type Outcome } from '../core/rules/types';
import { contract } from '../api/contract';
import { importTable } from '../main/services/imports/import-table';
import { formatZodError } from '../core/zod-error';
import { call, cliOperator, guarded, parseOptions, PIN_HELP, readJsonFile, readPin, refusePinArguments, UsageError, withGate, type Command } from './shared';

export const exportCommand: Command = {
  summary: "write a day's (or a range's) register as CSV and print the file's path",
  usage: 'npm run -s cli -- export --data-dir DIR (--day YYYY-MM-DD | --from YYYY-MM-DD --to YYYY-MM-DD) --out DIR\n' +
    '                           [--english] [--unmasked] [--summary] [--operator NAME]\n' +
    '  --summary: the summary CSV too (people by day, hour, outcome and category; who never left; exits without an entry)\n' +
    '  --unmasked (full names) needs the admin PIN: ' + PIN_HELP,
  run: (args, io) =>
    guarded(io, async () => {
      refusePinArguments(args);
      const { values } = parseOptions({
        args, strict: true,
        options: {
          'data-dir': { type: 'string' }, day: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' },
          english: { type: 'boolean' }, unmasked: { type: 'boolean' }, summary: { type: 'boolean' }, operator: { type: 'string' },
        },
      });
      if (!values['data-dir']) throw new UsageError('--data-dir DIR is required');
      const outDir = values.out;
      if (!outDir) throw new UsageError('--out DIR is required');
      const from = values.day ?? values.from;
      const to = values.day ?? values.to;
      if (!from || !to) throw new UsageError('give --day YYYY-MM-DD, or --from and --to');
      const adminPin = values.unmasked ? await readPin(io, 'admin') : undefined;
      return withGate(values['data-dir'], { exportDir: outDir, operator: cliOperator(values.operator) }, async (gate) => {
        const r = await call(gate, 'exportDays', {
          fromDay: from, toDay: to, language: values.english ? 'en' : 'zh',
          ...(adminPin ? { adminPin } : {}),
        });
        io.out(`${r.path}\n`);
        if (values.summary) io.out(`${(await call(gate, 'exportSummary', { fromDay: from, toDay: to, language: values.english ? 'en' : 'zh' })).path}\n`);
        return 0;
      });
    }),
};

export const searchCommand: Command = {
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

export const setupCommand: Command = {
  summary: "do the first-run wizard's work without a screen (for deploying many stations)",
  usage: 'npm run -s cli -- setup --data-dir DIR --profile PROFILE.json --station NAME --operator NAME\n' +
    '                          [--venue-name NAME] [--retention-days N] [--export-dir DIR]\n' +
    '  the admin PIN (6 to 12 digits) and the operator\'s PIN (4 to 12): ' + PIN_HELP,
  run: (args, io) =>
    guarded(io, async () => {
      refusePinArguments(args);
      const { values } = parseOptions({
        args, strict: true,
        options: {
          'data-dir': { type: 'string' }, profile: { type: 'string' }, station: { type: 'string' },
          operator: { type: 'string' }, 'venue-name': { type: 'string' }, 'retention-days': { type: 'string' }, 'export-dir': { type: 'string' },
        },
      });
      for (const k of ['data-dir', 'profile', 'station', 'operator'] as const) if (!values[k]) throw new UsageError(`--${k} is required`);
      if (values.operator!.includes(':')) throw new UsageError(`--operator takes the name only. ${PIN_HELP}`);
      const profile = readJsonFile(values.profile!, 'profile');
      const adminPin = await readPin(io, 'admin');
      const operatorPin = await readPin(io, 'operator');
      const input = contract.setup.input.safeParse({
        venueName: values['venue-name'] ?? values.station, stationName: values.station, profile,
        adminPin, operator: { name: values.operator, pin: operatorPin },
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

export const importCommand: Command = {
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
      // Read in pieces by the import (a million-row file takes no more memory than a small one); here only checked.
      try {
        accessSync(file, constants.R_OK);
        if (!statSync(file).isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
      } catch (err) {
        throw new UsageError(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
      return withGate(values['data-dir'], {}, async (gate) => {
        const report = await importTable({ rosters: gate.rosters, hashId: gate.hashId, idKey: gate.idKey(), clock: Date.now }, values.roster ? 'roster' : 'results', { path: file }, file, !values['dry-run']);
        io.out(`${JSON.stringify(report, null, 2)}\n`);
        return 0;
      });
    }),
};

