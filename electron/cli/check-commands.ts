// Commands that try a scan or a profile: evaluate (a profile against one entrant), decode (one payload), check
// (decode, evaluate and record).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../core/errors';
import { parseProfile } from '../core/rules/profile';
import { evaluate } from '../core/rules/evaluate';
import { entrantSchema, evidenceSchema, isoInstant, CATEGORIES } from '../core/rules/types';
import { saveStationConfig } from '../main/services/station-config';
import { formatZodError } from '../core/zod-error';
import { loadPackFile, loadPacks } from '../main/services/packs';
import { loadTrust, trustPathsFor } from '../main/services/trust';
import { decodePicture, PictureError } from '../main/services/qr-picture';
import { createDccSchemaValidator } from '../main/services/dcc-schema';
import { decodeScan } from '../core/credentials/decode';
import { guarded, parseOptions, readJsonFile, UsageError, withGate, type Command } from './shared';

const evaluationInputSchema = z.strictObject({
  now: isoInstant,
  entrant: entrantSchema,
  evidence: z.array(evidenceSchema).max(50),
});

export const evaluateCommand: Command = {
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
export function readPayloads(args: string[]): string[] {
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

/** The text of the QR code in each picture, read as the camera reads (a picture with no code is a usage error). */
async function readPictures(files: string[]): Promise<string[]> {
  const parts: string[] = [];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (err) {
      throw new UsageError(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    let read;
    try {
      read = await decodePicture(bytes);
    } catch (err) {
      if (err instanceof PictureError) throw new UsageError(`${file}: ${err.message}`);
      throw err;
    }
    if (!read) throw new UsageError(`${file}: no QR code found in the picture`);
    parts.push(read.text);
  }
  return parts;
}

export function parseNow(now: string | undefined): number {
  if (now === undefined) return Date.now();
  const parsed = isoInstant.safeParse(now);
  if (!parsed.success) throw new UsageError(`--now must be an ISO-8601 instant with an offset (e.g. 2022-12-08T10:00:00+08:00), got "${now}"`);
  return Date.parse(now);
}

export const decodeCommand: Command = {
  summary: 'decode and verify one scanned payload (EU DCC, SMART Health Card, ID number, …) and print it as evidence JSON',
  usage: 'npm run -s cli -- decode [--trust FILE_OR_DIR]... [--now ISO-8601] (PAYLOAD|@FILE [MORE_PARTS…] | --image PICTURE…)\n' +
    '  --trust: trust lists to use besides the shipped ones (repeatable; a folder means its *.json files)\n' +
    '  several PAYLOADs (or lines of @FILE) are the parts of a chunked SMART Health Card\n' +
    '  --image: read the QR code in a PNG or JPEG picture with the camera\'s decoder (repeatable: the parts of a card)',
  run: (args, io) =>
    guarded(io, async () => {
      const { values, positionals } = parseOptions({
        args, strict: true, allowPositionals: true, options: { trust: { type: 'string', multiple: true }, now: { type: 'string' }, image: { type: 'string', multiple: true } },
      });
      const now = parseNow(values.now);
      if (values.image && positionals.length > 0) throw new UsageError('give PAYLOADs or --image pictures, not both');
      const parts = values.image ? await readPictures(values.image) : readPayloads(positionals);
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

export const checkCommand: Command = {
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

