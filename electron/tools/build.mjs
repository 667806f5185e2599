// Builds what runs: the renderer (Vite), and with esbuild the Electron main process and preload (CommonJS, as a
// sandboxed preload needs) and the browser host's bridge script. `--renderer` builds only what the browser needs;
// `--main` only the Node side (main, preload, import worker), into `--outdir DIR` when given (a test builds its own);
// `--entry FILE` adds one more Node script to main/, bundled the same way (the bench's million-row import runs so).
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { fileURLToPath } from 'node:url';
import { basename, dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const onlyRenderer = process.argv.includes('--renderer');
const onlyMain = process.argv.includes('--main');
const quiet = process.argv.includes('--quiet');
const outIndex = process.argv.indexOf('--outdir');
const out = outIndex > 0 ? process.argv[outIndex + 1] : join(root, 'out');
const entryIndex = process.argv.indexOf('--entry');
const extraEntry = entryIndex > 0 ? process.argv[entryIndex + 1] : undefined;
/**
 * Packages with a native binding: never bundled. Each finds its binary from its own folder in node_modules (a bundle
 * would look for it beside out/main and fail at start), and electron-builder ships and unpacks them from there.
 */
const NATIVE = ['better-sqlite3', 'serialport', '@serialport/bindings-cpp'];

const common = { bundle: true, sourcemap: true, logLevel: quiet ? 'error' : 'warning', absWorkingDir: root };

if (!onlyMain) await viteBuild({ configFile: join(root, 'vite.config.ts'), root: join(root, 'renderer'), logLevel: quiet ? 'error' : 'warn' });
if (!onlyMain) await esbuild({
  ...common,
  entryPoints: ['electron/host/web-bridge.ts'],
  outfile: join(out, 'host', 'gate-bridge.js'),
  platform: 'browser',
  format: 'iife',
  target: 'chrome120',
});
if (!onlyRenderer) {
  const node = {
    ...common,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // import.meta.url has no meaning in a CommonJS bundle; __filename does.
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: { js: 'const importMetaUrl = require("url").pathToFileURL(__filename).href;' },
  };
  await esbuild({ ...node, entryPoints: ['electron/main/index.ts'], outfile: join(out, 'main', 'index.cjs'), external: ['electron', ...NATIVE] });
  await esbuild({ ...node, entryPoints: ['electron/preload/index.ts'], outfile: join(out, 'preload', 'index.cjs'), external: ['electron'] });
  // The import worker (rosters, lab results): self-contained, loaded by the main bundle from beside it.
  await esbuild({ ...node, entryPoints: ['electron/main/services/imports/import-worker.ts'], outfile: join(out, 'main', 'import-worker.cjs'), external: NATIVE });
  if (extraEntry) await esbuild({ ...node, entryPoints: [extraEntry], outfile: join(out, 'main', `${basename(extraEntry).replace(/\.[cm]?[jt]s$/, '')}.cjs`), external: NATIVE });
}
if (!quiet) console.error(`build: ${onlyRenderer ? 'renderer and host bridge' : onlyMain ? 'main and preload' : 'renderer, host bridge, main and preload'} → ${out}`);
