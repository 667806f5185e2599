// The main process as it ships: built with the app's own build script into a fresh folder and run under Node with the
// electron stand-in (no Electron binary here). A native module bundled by mistake finds no binary beside out/main and
// stops the app at start; that, and any other bundling slip, fails here.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../support/paths';

// Inside the checkout, as out/ is: the bundle finds node_modules by walking up from itself.
mkdirSync(join(ROOT, 'out'), { recursive: true });
const outDir = mkdtempSync(join(ROOT, 'out', 'test-bundle-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));
beforeAll(() => {
  const r = spawnSync(process.execPath, [join(ROOT, 'electron/tools/build.mjs'), '--main', '--quiet', '--outdir', outDir], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
}, 120_000);

describe('the built main bundle', () => {
  it('leaves every native module to node_modules (none of their loaders is inside the bundle)', () => {
    const code = readFileSync(join(outDir, 'main', 'index.cjs'), 'utf8');
    // (cbor-x's optional native speed-up, node-gyp-build-optional-packages, may be bundled: it falls back to JavaScript.)
    expect(code).not.toMatch(/node_modules\/node-gyp-build\/|bindings-cpp\/dist|better-sqlite3\/lib/);
    expect(code).toMatch(/require\("serialport"\)/);
    expect(code).toMatch(/require\("better-sqlite3"\)/);
  });

  it('starts as Electron would start it: opens the register, makes its window, answers calls, lists serial ports', () => {
    const userData = mkdtempSync(join(tmpdir(), 'gatecheck-bundle-user-'));
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test/support/run-main-bundle.ts'), join(outDir, 'main', 'index.cjs'), userData], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, GATE_DATA_DIR: join(userData, 'register') }, timeout: 90_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const seen = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { windows: string[]; errorBoxes: string[]; exitCode?: number; setup: { ok: boolean }; peripherals: { ok: boolean; value: { serial: { ports: unknown[] }; screens: { available: boolean } } }; check: { ok: boolean; value: { outcome: string } } };
    expect(seen.errorBoxes).toEqual([]);
    expect(seen.exitCode).toBeUndefined();
    expect(seen.windows).toEqual(['gatecheck://app/index.html']);
    expect(seen.setup.ok).toBe(true);
    expect(seen.peripherals).toMatchObject({ ok: true, value: { screens: { available: true } } });
    expect(Array.isArray(seen.peripherals.value.serial.ports)).toBe(true);
    // A patient is never refused: a broken certificate routes them.
    expect(seen.check).toMatchObject({ ok: true, value: { outcome: 'route' } });
  });
});
