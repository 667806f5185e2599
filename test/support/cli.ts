import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runCli } from '../../electron/cli/main';
import { ROOT } from './paths';

/** Runs the command line in-process (fast) and returns what it printed and its exit code. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

/** Runs the real `npm run -s cli` entry as a separate process (for exit codes and the bin path). */
export function cliProcess(...argv: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'electron/cli/bin.cjs'), ...argv], { encoding: 'utf8', cwd: ROOT });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}
