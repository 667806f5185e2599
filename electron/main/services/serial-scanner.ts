// A serial-mode scanner (USB CDC / a virtual COM port; issue 32): the port opened, its bytes cut into scans
// (core/scan/serial-lines.ts), each scan handed on with an id that the station's check claims once (so two open pages
// never record it twice). It reconnects by itself after an unplug, says why it cannot open a port (missing, busy, no
// permission: on Linux the `dialout` group), and keeps going through garbage, endless lines and floods.
import { SerialPort } from 'serialport';
import { feedSerial, flushSerial, initialSerialState, SERIAL_DEFAULTS, type SerialLineOptions, type SerialOutput } from '../../core/scan/serial-lines';

export type SerialProblem = 'not-found' | 'busy' | 'no-permission' | 'unplugged' | 'failed' | 'overflow' | 'garbage' | 'partial' | 'flood';
/** Problems with one line or burst, not with the port: said until the next good scan. */
const PASSING: ReadonlySet<SerialProblem> = new Set(['overflow', 'garbage', 'partial', 'flood']);

export interface SerialStatus {
  path: string;
  baudRate: number;
  connected: boolean;
  /** Why it is not connected (or the last thing that went wrong with what it sent). */
  problem?: SerialProblem | undefined;
  detail?: string | undefined;
}

export interface SerialScan {
  id: number;
  code: string;
  at: number;
}

export interface SerialScannerOptions extends Partial<SerialLineOptions> {
  path: string;
  baudRate?: number | undefined;
  /** Each scan, in order. */
  onScan: (scan: SerialScan) => void;
  onStatus?: (status: SerialStatus) => void;
  /** How often a port that is gone is tried again (ms). */
  retryMs?: number;
  /** At most this many scans a second; beyond, lines are dropped and said to be a flood. */
  maxPerSecond?: number;
  clock?: () => number;
}

/** Why a port did not open, from the system's message. */
export function problemOf(err: unknown): { problem: SerialProblem; detail: string } {
  const message = err instanceof Error ? err.message : String(err);
  if (/ENOENT|No such file|cannot find/i.test(message)) return { problem: 'not-found', detail: message };
  if (/EACCES|Permission denied|Access denied/i.test(message)) {
    return { problem: 'no-permission', detail: `${message} (on Linux: add the user to the dialout group, \`sudo usermod -aG dialout $USER\`, then log in again)` };
  }
  if (/EBUSY|busy|Cannot lock|Resource temporarily unavailable/i.test(message)) return { problem: 'busy', detail: `${message} (another program has the port open)` };
  return { problem: 'failed', detail: message };
}

export interface SerialScanner {
  status(): SerialStatus;
  /** The code of a scan not yet claimed (and now claimed), or undefined: each scan is recorded once. */
  claim(id: number): string | undefined;
  stop(): Promise<void>;
}

const CLAIMS_KEPT = 64;

export function startSerialScanner(o: SerialScannerOptions): SerialScanner {
  const options: SerialLineOptions = { terminator: o.terminator ?? SERIAL_DEFAULTS.terminator, gapMs: o.gapMs ?? SERIAL_DEFAULTS.gapMs, maxLength: o.maxLength ?? SERIAL_DEFAULTS.maxLength };
  const clock = o.clock ?? Date.now;
  const baudRate = o.baudRate ?? 9600;
  const retryMs = o.retryMs ?? 1000;
  const maxPerSecond = o.maxPerSecond ?? 20;
  let status: SerialStatus = { path: o.path, baudRate, connected: false };
  let port: SerialPort | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let gap: NodeJS.Timeout | undefined;
  let state = initialSerialState;
  let decoder = new TextDecoder('utf-8');
  let nextId = 1;
  const unclaimed = new Map<number, string>();
  let second = { at: 0, count: 0, dropped: 0 };

  const setStatus = (next: SerialStatus) => {
    status = next;
    o.onStatus?.(status);
  };
  const said = (problem: SerialProblem, detail: string) => setStatus({ ...status, problem, detail });

  const deliver = (outputs: SerialOutput[]) => {
    for (const out of outputs) {
      if (out.type === 'overflow') said('overflow', `a line of ${out.length} characters, longer than any code: dropped`);
      else if (out.type === 'garbage') said('garbage', `${out.length} characters that are not a code (binary data?): dropped`);
      else {
        const now = clock();
        let flooded = false;
        if (now - second.at >= 1000) {
          if (second.dropped > 0) {
            said('flood', `${second.dropped} lines in a second dropped: more than ${maxPerSecond} a second is no scanner`);
            flooded = true;
          }
          second = { at: now, count: 0, dropped: 0 };
        }
        if (++second.count > maxPerSecond) {
          second.dropped++;
          continue;
        }
        // A good scan: the note about an earlier bad line has served (the chip no longer says it).
        if (!flooded && status.problem && PASSING.has(status.problem)) setStatus({ path: status.path, baudRate: status.baudRate, connected: status.connected });
        const id = nextId++;
        unclaimed.set(id, out.code);
        for (const k of unclaimed.keys()) if (unclaimed.size > CLAIMS_KEPT) unclaimed.delete(k);
        o.onScan({ id, code: out.code, at: now });
      }
    }
  };

  const onData = (bytes: Buffer) => {
    const r = feedSerial(state, decoder.decode(bytes, { stream: true }), options);
    state = r.state;
    deliver(r.outputs);
    if (options.terminator === 'gap') {
      if (gap) clearTimeout(gap);
      gap = setTimeout(() => {
        const f = flushSerial(state);
        state = f.state;
        deliver(f.outputs);
      }, options.gapMs);
    }
  };

  const lost = (problem: SerialProblem, detail: string) => {
    // A scan cut by the port going away is no scan: said, never checked.
    if (state.line.length > 0 && options.terminator === 'any') said('partial', `a scan cut short (${state.line.length} characters) when the port went away`);
    state = initialSerialState;
    decoder = new TextDecoder('utf-8');
    port = undefined;
    setStatus({ path: o.path, baudRate, connected: false, problem, detail });
    if (!stopped) retry = setTimeout(open, retryMs);
  };

  function open(): void {
    retry = undefined;
    if (stopped) return;
    const p = new SerialPort({ path: o.path, baudRate, autoOpen: false, lock: true });
    p.open((err) => {
      if (stopped) {
        if (!err) p.close(() => undefined);
        return;
      }
      if (err) {
        const why = problemOf(err);
        lost(why.problem, why.detail);
        return;
      }
      port = p;
      setStatus({ path: o.path, baudRate, connected: true });
      p.on('data', onData);
      p.on('close', () => port === p && lost('unplugged', 'the port closed (unplugged?): trying again'));
      p.on('error', (e) => {
        if (port !== p) return;
        const why = problemOf(e);
        lost(why.problem === 'failed' ? 'unplugged' : why.problem, why.detail);
        p.close(() => undefined);
      });
    });
  }
  open();

  return {
    status: () => status,
    claim(id) {
      const code = unclaimed.get(id);
      unclaimed.delete(id);
      return code;
    },
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      if (gap) clearTimeout(gap);
      const p = port;
      port = undefined;
      if (p?.isOpen) await new Promise<void>((r) => p.close(() => r()));
    },
  };
}
