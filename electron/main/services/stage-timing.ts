// Where a call's milliseconds go, stage by stage (parse, config, decode, verify, rules, write, …): a call run inside
// `timeStages` collects the marks its code makes with `markStage`; outside one, a mark costs a lookup and nothing else.
// The browser host sends them with each reply (the benchmark's scan breakdown reads them in Chromium).
import { AsyncLocalStorage } from 'node:async_hooks';

export interface Stage {
  name: string;
  ms: number;
}

interface Marks {
  last: number;
  stages: Stage[];
}

const current = new AsyncLocalStorage<Marks>();

/** Ends the stage `name` of the call being timed (it began where the previous stage ended). */
export function markStage(name: string): void {
  const marks = current.getStore();
  if (!marks) return;
  const now = performance.now();
  marks.stages.push({ name, ms: now - marks.last });
  marks.last = now;
}

/** Runs `fn`, collecting its stages; `markStage` calls after it returns (for the reply) still land in `stages`. */
export async function timeStages<T>(fn: () => Promise<T>): Promise<{ value: T; stages: Stage[]; mark: (name: string) => void }> {
  const marks: Marks = { last: performance.now(), stages: [] };
  const value = await current.run(marks, fn);
  return { value, stages: marks.stages, mark: (name) => current.run(marks, () => markStage(name)) };
}
