// Validates EU DCC content against the official JSON schema of its version (shipped in resources/schemas/dcc).
// `format` is not enforced, as in the schema's own 2020-12 default. Coded values are checked against the EU value sets
// separately (core/credentials/value-sets.ts, VALUE_SET), as the schema's `valueset-uri` annotations name them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { resourcesDir } from './resources';

const cmp = (a: string, b: string) => {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
};

export function createDccSchemaValidator(dir = join(resourcesDir(), 'schemas', 'dcc')): (content: unknown, version?: string) => string[] {
  const validators = new Map<string, ValidateFunction>();
  for (const file of readdirSync(dir).filter((f) => /^\d+\.\d+\.\d+\.json$/.test(f))) {
    const ajv = new Ajv2020({ allErrors: false, strict: false, validateFormats: false });
    validators.set(file.replace(/\.json$/, ''), ajv.compile(JSON.parse(readFileSync(join(dir, file), 'utf8')) as object));
  }
  const versions = [...validators.keys()].sort(cmp);
  // The validator each version string uses, found once (certificates carry a handful of versions; a version string
  // never seen before costs a lookup, and the cache is bounded as an attacker could send many).
  const chosen = new Map<string, ValidateFunction>();
  const validatorFor = (ver: string): ValidateFunction => {
    let validate = chosen.get(ver);
    if (!validate) {
      validate = validators.get([...versions].reverse().find((v) => cmp(v, ver) <= 0) ?? versions[0]!)!;
      if (chosen.size >= 64) chosen.clear();
      chosen.set(ver, validate);
    }
    return validate;
  };
  return (content, version) => {
    const ver = version ?? (typeof (content as { ver?: unknown })?.ver === 'string' ? (content as { ver: string }).ver : undefined);
    if (!ver || !/^\d+\.\d+\.\d+$/.test(ver)) return ['ver: missing or not a version'];
    const validate = validatorFor(ver);
    return validate(content) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'invalid'}`);
  };
}
