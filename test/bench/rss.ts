// The process's peak resident memory while something runs: a worker thread samples it every 2 ms (the main thread may
// be busy the whole time); stop() gives the peak. Shared by the bench's parts that report a peak.
import { Worker } from 'node:worker_threads';

export function rssSampler(): { stop(): Promise<number> } {
  const worker = new Worker(`const { parentPort } = require('node:worker_threads'); let peak = 0;
    const t = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 2);
    parentPort.on('message', () => { clearInterval(t); parentPort.postMessage(peak); });`, { eval: true });
  return {
    stop: async () => {
      const peak = await new Promise<number>((resolve) => {
        worker.once('message', (p: number) => resolve(p));
        worker.postMessage('stop');
      });
      await worker.terminate();
      return peak;
    },
  };
}
