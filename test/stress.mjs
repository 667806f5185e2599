// `npm run test:stress [-- --runs N]`: the whole `npm test`, N times in a row (3 by default), while two CPU hogs
// keep both cores busy, as on a gate PC or a CI machine that is doing other work. The hogs are `stress-ng --cpu 2`
// (Debian's stress-ng) or, where it is missing, two busy Node loops. Not part of `npm test`; the suite must pass here
// every time, with no retries. Prints each run's time and result, and exits non-zero if any run failed.
import { spawn, spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const runs = Number(arg('--runs', '3'));
if (!Number.isInteger(runs) || runs < 1) {
  console.error('usage: npm run test:stress -- [--runs N]');
  process.exit(2);
}
const hogCount = cpus().length;

/** Starts the hogs; returns a function that stops them. */
function startHogs() {
  if (spawnSync('stress-ng', ['--version'], { stdio: 'ignore' }).status === 0) {
    const child = spawn('stress-ng', ['--cpu', String(hogCount), '--quiet'], { stdio: 'ignore', detached: true });
    console.log(`stress: stress-ng --cpu ${hogCount} (pid ${child.pid}) occupies every core`);
    return () => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch { /* already gone */ }
    };
  }
  const workers = Array.from({ length: hogCount }, () => new Worker('for (;;) {}', { eval: true }));
  console.log(`stress: stress-ng not found (apt-get install stress-ng); ${hogCount} busy Node loops occupy every core`);
  return () => workers.forEach((w) => void w.terminate());
}

const stop = startHogs();
const results = [];
const onSignal = () => {
  stop();
  process.exit(130);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

for (let i = 1; i <= runs; i++) {
  console.log(`\n=== stress run ${i} of ${runs} ===`);
  const started = Date.now();
  const status = await new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'test', 'run.mjs')], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let tail = '';
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      tail = (tail + d.toString()).slice(-4000);
    });
    child.on('exit', (code) => resolve({ code: code ?? 1, summary: /^\d+ passed, \d+ failed, \d+ skipped$/m.exec(tail)?.[0] ?? 'no summary' }));
  });
  results.push({ run: i, seconds: Math.round((Date.now() - started) / 1000), ...status });
}
stop();

console.log('\n== Stress summary (both cores occupied) ==');
for (const r of results) console.log(`run ${r.run}: ${r.code === 0 ? 'green' : 'RED'} in ${r.seconds} s — ${r.summary}`);
const failed = results.filter((r) => r.code !== 0).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
