// The import worker's thread at a low CPU priority, so the gate's thread is first to a core when a scan comes in.
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** The nice value an import's thread runs at (19 is the lowest priority; the value measured in the benchmark). */
export const IMPORT_THREAD_NICE = 19;

/**
 * Lowers the calling thread's CPU priority to `nice`: on Linux, where a nice value belongs to a thread and
 * /proc/thread-self names it. Returns the thread's id and its nice value read back, or undefined where this cannot be
 * done (another system, /proc missing): the import then runs at the gate's priority, as it did before.
 */
export function lowerThisThreadPriority(nice = IMPORT_THREAD_NICE): { tid: number; nice: number } | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isSafeInteger(tid) || tid <= 0) return undefined;
    // Only ever lower it: a thread already nicer than asked (a gate started under `nice`) stays as it is.
    if (getPriority(tid) < nice) setPriority(tid, nice);
    return { tid, nice: getPriority(tid) };
  } catch {
    return undefined;
  }
}
