// electron-builder.yml is checked against the JSON schema the installed electron-builder ships, and against what
// the product needs (name, targets, asar, the native module rebuilt, resources shipped).
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import Ajv from 'ajv';
import { ROOT } from '../../support/paths';

const require = createRequire(join(ROOT, 'package.json'));
const schemaPath = join(dirname(require.resolve('app-builder-lib/package.json')), 'scheme.json');

function loadConfig(): Record<string, unknown> {
  const { load } = require('js-yaml') as { load: (s: string) => unknown };
  return load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
}
const compile = () => new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);

describe('build/electron-builder.yml', () => {
  it('validates against the schema shipped with electron-builder', () => {
    const validate = compile();
    const ok = validate(loadConfig());
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 1)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('rejects a config the schema forbids (the check can fail)', () => {
    expect(compile()({ ...loadConfig(), asar: 'yes please', notAnOption: 1 })).toBe(false);
  });

  it('names the product, packs asar, targets NSIS, AppImage, deb and dmg, rebuilds natives and ships resources', () => {
    const c = loadConfig() as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- YAML of known shape
    expect(c.productName).toBe('GateCheck');
    expect(c.nsis.shortcutName).toContain('门岗核验登记');
    expect(c.appId).toMatch(/^[a-z0-9.]+$/);
    expect(c.asar).toBe(true);
    // Native bindings outside the archive, where they can be loaded: the SQLite register's and the serial scanner's.
    expect(c.asarUnpack).toEqual(expect.arrayContaining(['node_modules/better-sqlite3/build/Release/*.node', 'node_modules/@serialport/bindings-cpp/prebuilds/**']));
    expect(c.npmRebuild).toBe(true);
    expect(c.win.target.map((t: { target: string }) => t.target)).toContain('nsis');
    expect(c.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(c.mac.target).toContain('dmg');
    expect(c.extraResources[0]).toMatchObject({ from: 'resources', to: 'resources' });
    expect(c.directories.buildResources).toBe('resources/build');
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(c.extraMetadata.main).toBe(pkg.main);
  });

  it('sets the hardening fuses: no run-as-node, no NODE_OPTIONS or --inspect, code only from an integrity-checked asar', () => {
    const c = loadConfig() as { electronFuses?: Record<string, boolean> };
    expect(c.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // The schema knows every fuse named here (a misspelt one would be refused, not ignored).
    expect(compile()({ ...loadConfig(), electronFuses: { ...c.electronFuses, runAsNodee: false } })).toBe(false);
  });

  it('builds on a supported Electron major (the newest three are supported; the README names it)', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    const major = Number(/(\d+)/.exec(pkg.devDependencies.electron!)![1]);
    expect(major).toBeGreaterThanOrEqual(43);
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(`Electron ${major}`);
  });
});
