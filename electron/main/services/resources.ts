// Where the shipped resources (policy packs, trust lists) are: inside the packaged app's resources folder, or the
// repository's resources/ when run from source (tsx, the built out/ bundle, tests).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function resourcesDir(): string {
  if (cached) return cached;
  const fromEnv = process.env.GATE_RESOURCES_DIR;
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  const candidates = [
    fromEnv,
    packaged ? join(packaged, 'resources') : undefined,
  ];
  const here = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
  for (let dir = here, i = 0; i < 6; i++, dir = dirname(dir)) candidates.push(join(dir, 'resources'));
  for (const c of candidates) {
    if (c && existsSync(join(c, 'policies'))) return (cached = resolve(c));
  }
  throw new Error('resources/policies not found');
}
