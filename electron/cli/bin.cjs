#!/usr/bin/env node
// The `gatecheck` command: runs the TypeScript entry under Node with tsx's loader (a runtime dependency), so the
// command line and the app share one source.
const { spawnSync } = require('node:child_process');
const { pathToFileURL } = require('node:url');
const { join } = require('node:path');

const loader = pathToFileURL(require.resolve('tsx/esm')).href;
const result = spawnSync(process.execPath, ['--import', loader, join(__dirname, 'main.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
