// Reads the EU DCC test vectors of shared/testdata/eu-dcc (never edits them) and builds what the verifier needs.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { TESTDATA } from './paths';
import { createTrustStore, type TrustStore, type EuTrustList } from '../../electron/core/credentials/trust-store';

export interface DccVector {
  file: string;
  json: Record<string, unknown> & {
    PREFIX?: string; BASE45?: string; COMPRESSED?: string; COSE?: string; CBOR?: string; JSON?: unknown;
    TESTCTX?: { CERTIFICATE?: string; VALIDATIONCLOCK?: string; SCHEMA?: string };
    EXPECTEDRESULTS?: Record<string, unknown>;
  };
  expected: Record<string, boolean>;
  clock?: number;
}

export const DCC_DIR = join(TESTDATA, 'eu-dcc');

/** VALIDATIONCLOCK comes as Z, +02:00, +0200 (no colon), 3 or 6 fractional digits, or (NL) with no offset (UTC). */
export function parseClock(s: string | undefined): number | undefined {
  if (!s) return undefined;
  let t = s.trim().replace(/([+-]\d{2})(\d{2})$/, '$1:$2').replace(/(\.\d{3})\d+/, '$1');
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(t)) t += 'Z';
  const ms = Date.parse(t);
  return Number.isFinite(ms) ? ms : undefined;
}

export function loadDccVectors(): DccVector[] {
  const index = JSON.parse(readFileSync(join(DCC_DIR, 'index.json'), 'utf8')) as { entries: { file: string; expected: Record<string, unknown> }[] };
  return index.entries.map((e) => {
    const json = JSON.parse(readFileSync(join(DCC_DIR, e.file), 'utf8')) as DccVector['json'];
    const expected: Record<string, boolean> = {};
    for (const [k, v] of Object.entries(json.EXPECTEDRESULTS ?? {})) if (typeof v === 'boolean' && k !== 'EXPECTEDRESULTS') expected[k] = v;
    const clock = parseClock(json.TESTCTX?.VALIDATIONCLOCK);
    return { file: e.file, json, expected, ...(clock === undefined ? {} : { clock }) };
  });
}

/** The trust list of the vector's signer certificate, with kid = first 8 bytes of SHA-256(DER). */
export function trustListFor(v: DccVector): EuTrustList {
  const b64 = v.json.TESTCTX?.CERTIFICATE;
  if (!b64) return { certificates: [] };
  const der = Buffer.from(b64, 'base64');
  const kid = createHash('sha256').update(der).digest().subarray(0, 8).toString('base64');
  return { certificates: [{ kid, country: '', rawData: der.toString('base64') }] };
}

/** A trust store holding exactly the vector's signer certificate. */
export async function trustFor(v: DccVector): Promise<TrustStore> {
  return createTrustStore([{ eu: trustListFor(v) }]);
}

export function dccVector(file: string): DccVector {
  const v = loadDccVectors().find((x) => x.file === file);
  if (!v) throw new Error(`no vector ${file}`);
  return v;
}

/** Upstream defects listed in eu-dcc/known_issues.csv and README: skipped expectations, each with its reason. */
export function knownDefect(v: DccVector, key: string): string | undefined {
  if (key === 'EXPECTEDSCHEMAVALIDATION' && v.file.startsWith('NL/')) {
    return 'upstream issue #107 (known_issues.csv): NL schema expectations disagree with the official schema';
  }
  if (key === 'EXPECTEDSCHEMAVALIDATION' && v.file === 'PL/1.3.0/7.json') {
    return 'expects a value-set check (test device not in the EU value sets); value sets are not shipped, only the JSON schema is checked';
  }
  return undefined;
}
