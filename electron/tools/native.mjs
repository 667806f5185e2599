// Makes sure better-sqlite3's native binding is built for the runtime about to use it: `node` (tests, CLI, browser
// host) or `electron` (npm start). Each runtime's build is kept in node_modules/.cache, so switching back and forth
// copies a file instead of recompiling. Usage: node electron/tools/native.mjs node|electron [--quiet]
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const runtime = process.argv[2];
const quiet = process.argv.includes('--quiet');
const say = (m) => { if (!quiet) console.error(`native: ${m}`); };
if (runtime !== 'node' && runtime !== 'electron') {
  console.error('usage: node electron/tools/native.mjs node|electron');
  process.exit(2);
}

const pkgDir = dirname(require.resolve('better-sqlite3/package.json', { paths: [root] }));
const binding = join(pkgDir, 'build', 'Release', 'better_sqlite3.node');
const cacheRoot = join(root, 'node_modules', '.cache', 'gatecheck-native');
const probe = `const D=require(${JSON.stringify(join(pkgDir))});new D(':memory:').prepare('select 1').get();`;

function electronBinary() {
  // Electron's own index.js downloads a missing binary when it is required (and prints a stack when that fails):
  // look first, so a station without the binary says why in one line before anything else.
  const dir = dirname(require.resolve('electron/package.json', { paths: [root] }));
  if (!existsSync(join(dir, 'path.txt')) && !process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    console.error('npm start: the Electron binary is not installed (node_modules/electron has no dist): run `npm install` where ' +
      "Electron's download host is reachable, or try the app in a browser with `npm run serve:web`.");
    process.exit(1);
  }
  try {
    return require('electron'); // the path of the binary when required from Node
  } catch (err) {
    console.error('native: the Electron binary is not installed (npm could not download it). On a machine that reaches\n' +
      "Electron's download host run `npm install` again; here, use `npm run serve:web` to try the app in a browser.");
    console.error(`native: ${err.message.split('\n')[0]}`);
    process.exit(1);
  }
}

const target = runtime === 'node'
  ? { key: `node-${process.versions.modules}`, run: () => spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' }) }
  : (() => {
      const bin = electronBinary();
      const version = require('electron/package.json').version;
      return {
        key: `electron-${version}`,
        version,
        run: () => spawnSync(bin, ['-e', probe], { encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } }),
      };
    })();

const works = () => existsSync(binding) && target.run().status === 0;
const cached = join(cacheRoot, target.key, 'better_sqlite3.node');
const remember = () => {
  mkdirSync(dirname(cached), { recursive: true });
  copyFileSync(binding, cached);
};

if (works()) {
  if (!existsSync(cached)) remember();
  say(`better-sqlite3 is built for ${target.key}`);
  process.exit(0);
}
// Keep the build that is there for whichever runtime it belongs to, so switching back is a copy.
if (existsSync(binding)) {
  const nodeKey = `node-${process.versions.modules}`;
  if (runtime === 'electron' && spawnSync(process.execPath, ['-e', probe]).status === 0) {
    mkdirSync(join(cacheRoot, nodeKey), { recursive: true });
    copyFileSync(binding, join(cacheRoot, nodeKey, 'better_sqlite3.node'));
  }
  if (runtime === 'node') {
    let bin;
    try { bin = require('electron'); } catch { bin = undefined; }
    if (bin && spawnSync(bin, ['-e', probe], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } }).status === 0) {
      const key = `electron-${require('electron/package.json').version}`;
      mkdirSync(join(cacheRoot, key), { recursive: true });
      copyFileSync(binding, join(cacheRoot, key, 'better_sqlite3.node'));
    }
  }
}
if (existsSync(cached)) {
  copyFileSync(cached, binding);
  if (works()) {
    say(`better-sqlite3 restored for ${target.key} from the cache`);
    process.exit(0);
  }
}
say(`building better-sqlite3 for ${target.key} (about a minute)…`);
const shell = process.platform === 'win32';
let rebuild;
if (runtime === 'node') {
  rebuild = spawnSync('npm', ['rebuild', 'better-sqlite3'], { cwd: root, stdio: 'inherit', shell });
} else {
  // The classic way, which works on Node 20: npm passes these to prebuild-install (Electron's prebuilt binary) and,
  // failing that, to node-gyp (a build against Electron's headers). electron-builder's install-app-deps is the
  // fallback (its @electron/rebuild asks for Node 22).
  const env = { ...process.env, npm_config_runtime: 'electron', npm_config_target: target.version, npm_config_disturl: 'https://electronjs.org/headers', npm_config_build_from_source: '' };
  rebuild = spawnSync('npm', ['rebuild', 'better-sqlite3'], { cwd: root, stdio: 'inherit', shell, env });
  if (rebuild.status !== 0 || !works()) rebuild = spawnSync('npx', ['electron-builder', 'install-app-deps'], { cwd: root, stdio: 'inherit', shell });
}
if (rebuild.status !== 0 || !works()) {
  console.error(`native: could not build better-sqlite3 for ${target.key}`);
  process.exit(1);
}
remember();
say(`better-sqlite3 built for ${target.key}`);
