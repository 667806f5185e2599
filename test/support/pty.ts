// A pseudo-terminal pair standing in for a serial-mode scanner (socat, Debian's `socat`): the station opens `port`,
// the test writes what the scanner would send to `scanner`. `unplug` ends socat (the port vanishes); `plug` makes the
// pair again under the same names.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { until } from './until';

export interface PtyPair {
  /** The station's end (what `--serial` is given). */
  port: string;
  /** The scanner's end. */
  scanner: string;
  /** Writes bytes as the scanner sends them. */
  send(data: string | Buffer): void;
  unplug(): Promise<void>;
  plug(): Promise<void>;
  close(): Promise<void>;
}

export const hasSocat = () => spawnSync('socat', ['-V']).status === 0;

/** A pair whose ends are links in `dir` (a fresh folder unless given): `scanner-port` and `scanner-end`. */
export async function ptyPair(dir = mkdtempSync(join(tmpdir(), 'gc-pty-'))): Promise<PtyPair> {
  const port = join(dir, 'scanner-port');
  const scanner = join(dir, 'scanner-end');
  let child: ChildProcess | undefined;
  const plug = async () => {
    child = spawn('socat', [`pty,raw,echo=0,link=${port}`, `pty,raw,echo=0,link=${scanner}`], { stdio: 'ignore' });
    await until(() => existsSync(port) && existsSync(scanner), 'socat to make the pair');
  };
  const unplug = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    const gone = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await gone;
    await until(() => !existsSync(port), 'the port to vanish');
  };
  await plug();
  return {
    port, scanner, plug, unplug,
    send(data) {
      const fd = openSync(scanner, 'w');
      try {
        writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      } finally {
        closeSync(fd);
      }
    },
    close: unplug,
  };
}
