// Builds what runs: the renderer (Vite), and with esbuild the Electron main process and preload (CommonJS, as a
// sandboxed preload needs) and the browser host's bridge script. `--renderer` builds only what the browser needs.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const onlyRenderer = process.argv.includes('--renderer');
const quiet = process.argv.includes('--quiet');

const common = { bundle: true, sourcemap: true, logLevel: quiet ? 'error' : 'warning', absWorkingDir: root };

await viteBuild({ configFile: join(root, 'vite.config.ts'), root: join(root, 'renderer'), logLevel: quiet ? 'error' : 'warn' });
await esbuild({
  ...common,
  entryPoints: ['electron/host/web-bridge.ts'],
  outfile: 'out/host/gate-bridge.js',
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
  await esbuild({ ...node, entryPoints: ['electron/main/index.ts'], outfile: 'out/main/index.cjs', external: ['electron', 'better-sqlite3'] });
  await esbuild({ ...node, entryPoints: ['electron/preload/index.ts'], outfile: 'out/preload/index.cjs', external: ['electron'] });
  // The import worker (rosters, lab results): self-contained, loaded by the main bundle from beside it.
  await esbuild({ ...node, entryPoints: ['electron/main/services/imports/import-worker.ts'], outfile: 'out/main/import-worker.cjs' });
}
if (!quiet) console.error(`build: ${onlyRenderer ? 'renderer and host bridge' : 'renderer, host bridge, main and preload'} → out/`);
