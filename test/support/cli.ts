import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runCli } from '../../electron/cli/main';
import { ROOT } from './paths';

export interface CliSession {
  /** The environment the command sees (PIN variables); nothing of the test runner's. */
  env?: Record<string, string>;
  /** What is typed at each prompt, in order; a prompt past the end gets nothing (end of input). */
  typed?: string[];
}

/** Runs the command line in-process (fast) and returns what it printed, its exit code and the prompts it showed. */
export async function cliWith(session: CliSession, ...argv: string[]): Promise<{ code: number; out: string; err: string; prompts: string[] }> {
  let out = '';
  let err = '';
  const typed = [...(session.typed ?? [])];
  const prompts: string[] = [];
  const code = await runCli(argv, {
    out: (s) => (out += s), err: (s) => (err += s), env: session.env ?? {},
    readSecret: async (prompt) => {
      prompts.push(prompt);
      return typed.shift();
    },
  });
  return { code, out, err, prompts };
}

/** Runs the command line in-process with no PIN variables and nothing typed. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return cliWith({}, ...argv);
}

/** Runs the real `npm run -s cli` entry as a separate process (for exit codes, the bin path and piped input). */
export function cliProcess(argv: string[], options: { input?: string; env?: Record<string, string> } = {}): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'electron/cli/bin.cjs'), ...argv], {
    encoding: 'utf8', cwd: ROOT, input: options.input ?? '', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}
