// The gate goes first. While the gate's thread answers a scan (a check, an exit, an attestation), a running import
// stands still: the import worker looks at one shared counter between rows and batches and waits while it is above
// zero. Its thread is already at the lowest CPU priority (thread-priority.ts), but what it makes others do is not:
// its garbage collection runs on V8's helper threads at the gate's priority, and its writes share the disk the
// scan's commit waits for. A worker that stands still for the few milliseconds of a scan makes neither.

/** How many of the gate's answers are under way (0: none). One per process; the workers get its buffer. */
const answering = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));

/**
 * The longest an import waits in one go, whatever the counter says: a gate answering scans back to back (or a count
 * left behind by a fault) slows an import, never stops it.
 */
export const GATE_TURN_MAX_MS = 100;

/** The counter's buffer, for an import worker (worker-protocol.ts: WorkerRequest.gateTurn). */
export function gateTurnBuffer(): SharedArrayBuffer {
  return answering.buffer as SharedArrayBuffer;
}

/** Runs one of the gate's answers with the counter raised: imports wait until it is done. */
export async function gateAnswers<T>(answer: () => Promise<T>): Promise<T> {
  Atomics.add(answering, 0, 1);
  try {
    return await answer();
  } finally {
    if (Atomics.sub(answering, 0, 1) === 1) Atomics.notify(answering, 0);
  }
}

/**
 * In the import worker: returns at once while the gate answers nothing, else when it has answered (or after
 * GATE_TURN_MAX_MS). Blocks the worker's thread (a worker may; the gate's thread never calls this).
 */
export function waitForGate(counter: Int32Array, maxMs = GATE_TURN_MAX_MS): void {
  let now = Atomics.load(counter, 0);
  if (now <= 0) return;
  const until = performance.now() + maxMs;
  for (; now > 0; now = Atomics.load(counter, 0)) {
    const left = until - performance.now();
    if (left <= 0) return;
    Atomics.wait(counter, 0, now, left);
  }
}
