// Starting a station on a data folder as the app does, and killing one mid-stream: what the reliability tests share.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { openGate } from '../../electron/main/services/compose';
import { AppError } from '../../electron/core/errors';
import { ROOT } from './paths';

/** Opens and closes a station on `dataDir`: undefined when it starts, else the AppError that stopped it. */
export async function startFailure(dataDir: string): Promise<AppError | undefined> {
  try {
    (await openGate(dataDir)).close();
    return undefined;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
}

/**
 * Runs a writer script (test/support/*.ts, given the data folder) that prints "ack <id>" after each entry it commits,
 * kills it with SIGKILL once `acks` have come, and returns the acknowledged ids.
 */
export async function writeAndKill(script: string, dataDir: string, acks: number): Promise<number[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, script), dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const acked: number[] = [];
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^ack (\d+)$/.exec(line);
      if (m) acked.push(Number(m[1]));
      if (acked.length === acks) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.once('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`writer exited ${code}: ${stderr}`))));
  });
  await exited;
  return acked;
}
