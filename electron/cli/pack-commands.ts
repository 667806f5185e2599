// `pack`: sign a policy pack (the publisher's side) and import a signed one into a station, as Settings does.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parsePack } from '../core/rules/pack';
import { signPack } from '../main/services/pack-signature';
import { call, guarded, parseOptions, PIN_HELP, readJsonFile, readPin, refusePinArguments, UsageError, withGate, type Command } from './shared';

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

export const packCommand: Command = {
  summary: 'sign a policy pack with a publisher key, or import a signed pack into a station',
  usage: 'npm run -s cli -- pack sign --key PRIVATE.jwk PACK.json --out SIGNED.json\n' +
    '       npm run -s cli -- pack import --data-dir DIR SIGNED.json\n' +
    '  sign: the pack is checked whole first; the key is a P-256 JWK with its kid (the publisher\'s, never shipped)\n' +
    '  import needs the admin PIN: ' + PIN_HELP,
  run: (args, io) =>
    guarded(io, async () => {
      refusePinArguments(args);
      const [sub, ...rest] = args;
      const { values, positionals } = parseOptions({ args: rest, strict: true, allowPositionals: true, options: { key: { type: 'string' }, out: { type: 'string' }, 'data-dir': { type: 'string' } } });
      const file = positionals[0];
      if (!file || positionals.length !== 1) throw new UsageError('give exactly one pack file');
      if (sub === 'sign') {
        if (!values.key || !values.out) throw new UsageError('--key PRIVATE.jwk and --out FILE are required');
        const text = readText(file);
        parsePack(readJsonFile(file, 'the pack'));
        const key = readJsonFile(values.key, 'the key') as { kid?: unknown; d?: unknown };
        if (typeof key.kid !== 'string' || typeof key.d !== 'string') throw new UsageError(`${values.key}: a private P-256 JWK with a kid is needed`);
        writeFileSync(values.out, signPack(text, key as Parameters<typeof signPack>[1]));
        io.out(`${values.out}\n`);
        return 0;
      }
      if (sub === 'import') {
        if (!values['data-dir']) throw new UsageError('--data-dir DIR is required');
        const content = readText(file);
        const adminPin = await readPin(io, 'admin');
        return withGate(values['data-dir'], {}, async (gate) => {
          const r = await call(gate, 'importPack', { adminPin, fileName: basename(file), content });
          io.out(`${JSON.stringify(r.imported, null, 2)}\n`);
          return 0;
        });
      }
      throw new UsageError('give a subcommand: sign or import');
    }),
};
