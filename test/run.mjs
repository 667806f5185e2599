// `npm test`: every layer, then one summary. Static checks (types, lint) first; unit and integration (Vitest);
// e2e (Playwright in real Chromium). Ends with a table per layer and the line "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (label, cmd, args, env = {}) => {
  console.log(`\n▶ ${label}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
};

const rows = [];
let failedSteps = [];

for (const [label, cmd, args] of [
  ['native module for Node', process.execPath, ['electron/tools/native.mjs', 'node']],
  ['build renderer and host bridge', process.execPath, ['electron/tools/build.mjs', '--renderer', '--quiet']],
  ['type-check (core / node / web)', bin('tsc'), ['-b']],
  ['lint (import boundaries)', bin('eslint'), ['.', '--max-warnings=0']],
]) {
  if (run(label, cmd, args) !== 0) failedSteps.push(label);
}
if (failedSteps.includes('native module for Node')) {
  console.error('test: better-sqlite3 could not be built for Node; stopping.');
  process.exit(1);
}

function vitestLayer(project) {
  const out = join(results, `${project}.json`);
  rmSync(out, { force: true });
  const status = run(`${project} tests (Vitest)`, bin('vitest'), ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  let passed = 0, failed = 0, skipped = 0;
  if (existsSync(out)) {
    const j = JSON.parse(readFileSync(out, 'utf8'));
    passed = j.numPassedTests; failed = j.numFailedTests; skipped = j.numPendingTests + (j.numTodoTests ?? 0);
  } else failed = 1;
  if (status !== 0 && failed === 0) failed = 1;
  rows.push({ layer: project, passed, failed, skipped });
}
vitestLayer('unit');
vitestLayer('integration');

{
  const out = join(results, 'e2e-report.json');
  rmSync(out, { force: true });
  const status = run('e2e tests (Playwright, Chromium)', bin('playwright'), ['test']);
  let passed = 0, failed = 0, skipped = 0;
  const skips = [];
  if (existsSync(out)) {
    const j = JSON.parse(readFileSync(out, 'utf8'));
    passed = j.stats.expected; failed = j.stats.unexpected + j.stats.flaky; skipped = j.stats.skipped;
    const walk = (suite) => {
      for (const s of suite.suites ?? []) walk(s);
      for (const spec of suite.specs ?? []) for (const t of spec.tests ?? []) {
        if (t.status === 'skipped') skips.push(`${spec.title}: ${(t.annotations ?? []).map((a) => a.description).filter(Boolean).join('; ') || 'skipped'}`);
      }
    };
    for (const s of j.suites ?? []) walk(s);
  } else failed = 1;
  if (status !== 0 && failed === 0) failed = 1;
  rows.push({ layer: 'e2e', passed, failed, skipped, notes: skips });
}

console.log('\n== Test summary ==');
console.log('layer        passed  failed  skipped');
for (const r of rows) console.log(`${r.layer.padEnd(12)} ${String(r.passed).padStart(6)}  ${String(r.failed).padStart(6)}  ${String(r.skipped).padStart(7)}`);
for (const r of rows) for (const n of r.notes ?? []) console.log(`  skipped (not a pass) — ${n}`);
if (failedSteps.length) console.log(`static checks failed: ${failedSteps.join(', ')}`);
const total = rows.reduce((a, r) => ({ p: a.p + r.passed, f: a.f + r.failed, s: a.s + r.skipped }), { p: 0, f: 0, s: 0 });
const failedTotal = total.f + failedSteps.length;
console.log(`${total.p} passed, ${failedTotal} failed, ${total.s} skipped`);
process.exit(failedTotal > 0 ? 1 : 0);
