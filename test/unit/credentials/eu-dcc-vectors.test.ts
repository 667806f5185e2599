// Every case of shared/testdata/eu-dcc through the verifier, each expectation checked against the stage where the
// pipeline stopped. The upstream defects are named with their reasons; everything else must agree.
import { describe, it, expect, afterAll } from 'vitest';
import { decodeEuDcc, decodeDccStructure } from '../../../electron/core/credentials/eu-dcc';
import type { DecodeErrorCode } from '../../../electron/core/credentials/types';
import { createDccSchemaValidator } from '../../../electron/main/services/dcc-schema';
import { loadDccVectors, trustFor, knownDefect, DCC_DIR } from '../../support/dcc-vectors';
import { join } from 'node:path';
import { Decoder } from 'cbor-x';

const vectors = loadDccVectors();
const schemaFor = createDccSchemaValidator(join(DCC_DIR, 'schemas'));
const plainDecoder = new Decoder({ mapsAsObjects: true, useRecords: false });

/** Pipeline stages in order, with the codes a failure at that stage carries. */
const STAGES: [string, DecodeErrorCode[]][] = [
  ['EXPECTEDUNPREFIX', ['PREFIX']],
  ['EXPECTEDB45DECODE', ['BASE45']],
  ['EXPECTEDCOMPRESSION', ['COMPRESSION']],
  ['EXPECTEDDECODE', ['COSE', 'CBOR']],
  ['EXPECTEDVERIFY', ['UNKNOWN_KEY', 'SIGNATURE']],
  ['EXPECTEDKEYUSAGE', ['KEY_USAGE']],
  ['EXPECTEDEXPIRATIONCHECK', ['SIGNER_EXPIRED', 'EXPIRED', 'NOT_YET_VALID']],
  ['EXPECTEDSCHEMAVALIDATION', ['SCHEMA', 'VALUE_SET']],
];
const tally = { cases: 0, checked: 0, agreed: 0, knownDefects: [] as string[], notChecked: new Map<string, number>() };

/** Compares decoded content with the vector's JSON as values: date-times as instants, numbers as numbers. */
function normalise(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalise);
  if (v instanceof Date) return v.getTime();
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, normalise(x)]).sort(([a], [b]) => String(a).localeCompare(String(b))));
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v) && Number.isFinite(Date.parse(v))) return Date.parse(v);
  return v;
}

describe('credentials/decodeEuDcc against dgc-testdata', () => {
  afterAll(() => {
    console.log(`eu-dcc vectors: ${tally.cases} cases, ${tally.checked} expectations checked, ${tally.agreed} agree, ` +
      `${tally.knownDefects.length} skipped as upstream defects; not checked here: ${[...tally.notChecked].map(([k, n]) => `${k}×${n}`).join(', ')}`);
  });

  it.each(vectors.map((v) => [v.file, v] as const))('%s', async (_file, v) => {
    tally.cases++;
    if (!v.json.PREFIX) {
      tally.notChecked.set('no PREFIX', (tally.notChecked.get('no PREFIX') ?? 0) + 1);
      return;
    }
    const version = v.json.TESTCTX?.SCHEMA;
    const r = await decodeEuDcc(v.json.PREFIX, await trustFor(v), v.clock ?? Date.now(), { validateSchema: (c) => schemaFor(c, version) });
    const failedAt = r.ok ? -1 : STAGES.findIndex(([, codes]) => codes.includes(r.code));
    if (!r.ok) expect(failedAt, `unexpected code ${r.code}: ${r.message}`).toBeGreaterThanOrEqual(0);

    for (const [i, [key]] of STAGES.entries()) {
      if (!(key in v.expected)) continue;
      const want = v.expected[key];
      const defect = knownDefect(v, key);
      const stoppedEarlier = failedAt >= 0 && failedAt < i;
      const got = failedAt === i ? false : stoppedEarlier ? undefined : true;
      if (got === undefined) continue; // an earlier stage failed, as expected elsewhere: this one cannot be judged
      if (defect && got !== want) {
        tally.knownDefects.push(`${v.file} ${key}: ${defect}`);
        continue;
      }
      tally.checked++;
      expect(got, `${key} (pipeline: ${r.ok ? 'ok' : `${r.code} ${r.message}`})`).toBe(want);
      tally.agreed++;
    }

    if (v.expected.EXPECTEDDECODE && v.json.CBOR && failedAt !== 0 && failedAt !== 1 && failedAt !== 2) {
      const { decoded } = decodeDccStructure(v.json.PREFIX);
      tally.checked++;
      // Some files hold the whole CWT claims map in CBOR, others only the certificate content.
      const cbor = plainDecoder.decode(Buffer.from(v.json.CBOR, 'hex')) as Record<string, Record<string, unknown>>;
      expect(normalise(decoded.content)).toEqual(normalise(cbor['-260']?.['1'] ?? cbor));
      tally.agreed++;
    }
    if (v.expected.EXPECTEDVALIDJSON && v.json.JSON && (r.ok || failedAt > 3)) {
      const { decoded } = decodeDccStructure(v.json.PREFIX);
      tally.checked++;
      expect(normalise(decoded.content)).toEqual(normalise(v.json.JSON));
      tally.agreed++;
    }
    for (const key of ['EXPECTEDPICTUREDECODE', 'EXPECTEDENCODE', 'EXPECTEDVALIDOBJECT']) {
      if (key in v.expected) tally.notChecked.set(key, (tally.notChecked.get(key) ?? 0) + 1);
    }
  });
});
