// Loads every policy pack shipped in resources/policies (each parsed and checked), once.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../core/errors';
import { parsePack, type PolicyPack } from '../../core/rules/pack';
import { resourcesDir } from './resources';

export interface PackRegistry {
  get(id: string): PolicyPack | undefined;
  all(): PolicyPack[];
}

export function loadPackFile(path: string): PolicyPack {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new AppError('PACK_INVALID', `${path}: ${(err as Error).message}`);
  }
  return parsePack(data);
}

export function loadPacks(dir = join(resourcesDir(), 'policies')): PackRegistry {
  const packs = new Map<string, PolicyPack>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const pack = loadPackFile(join(dir, file));
    packs.set(pack.id, pack);
  }
  return { get: (id) => packs.get(id), all: () => [...packs.values()] };
}
