// `gatecheck pack`: the publisher signs a pack; a station imports only what a shipped publisher key signed.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliWith } from '../../support/cli';
import { FIXTURE_PACK, makePublisher } from '../../support/packs';
import { openSignedPack, publisherOf } from '../../../electron/main/services/pack-signature';
import { openGate } from '../../../electron/main/services/compose';

describe('cli pack', () => {
  it('signs a pack with a publisher key into a file a station trusting that key opens', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatecheck-cli-pack-'));
    const publisher = makePublisher('CLI publisher');
    writeFileSync(join(dir, 'key.jwk'), JSON.stringify(publisher.privateJwk));
    const out = join(dir, 'signed.json');
    const r = await cliWith({}, 'pack', 'sign', '--key', join(dir, 'key.jwk'), FIXTURE_PACK, '--out', out);
    expect(r).toMatchObject({ code: 0, out: `${out}\n` });
    expect(openSignedPack(readFileSync(out, 'utf8'), [publisherOf(publisher.jwk)]).pack.id).toBe('cn-fixture-2027');
    // A public key cannot sign; a broken pack is not signed at all.
    writeFileSync(join(dir, 'pub.jwk'), JSON.stringify(publisher.jwk));
    expect((await cliWith({}, 'pack', 'sign', '--key', join(dir, 'pub.jwk'), FIXTURE_PACK, '--out', join(dir, 'x.json'))).code).toBe(2);
    writeFileSync(join(dir, 'broken.json'), JSON.stringify({ id: 'x' }));
    expect((await cliWith({}, 'pack', 'sign', '--key', join(dir, 'key.jwk'), join(dir, 'broken.json'), '--out', join(dir, 'y.json'))).code).toBe(2);
    expect(existsSync(join(dir, 'x.json')) || existsSync(join(dir, 'y.json'))).toBe(false);
  });

  it('import refuses a pack signed by a key the app does not ship, and a bare one (exit 2, one line)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatecheck-cli-pack-'));
    const data = join(dir, 'data');
    const gate = await openGate(data);
    await gate.handlers.setup({
      venueName: '学校', stationName: '东门', profile: { pack: 'cn-2022-12-07', venueKind: 'school', natWindowHours: 48, acceptAntigen: false, antigenWindowHours: 24 },
      retentionDays: 30, adminPin: '135790', operator: { name: '李', pin: '2468' },
    } as Parameters<typeof gate.handlers.setup>[0]);
    gate.close();
    const publisher = makePublisher();
    writeFileSync(join(dir, 'key.jwk'), JSON.stringify(publisher.privateJwk));
    await cliWith({}, 'pack', 'sign', '--key', join(dir, 'key.jwk'), FIXTURE_PACK, '--out', join(dir, 'signed.json'));
    const env = { GATECHECK_ADMIN_PIN: '135790' };
    const forged = await cliWith({ env }, 'pack', 'import', '--data-dir', data, join(dir, 'signed.json'));
    expect(forged.code).toBe(2);
    expect(forged.err).toMatch(/PACK_SIGNATURE/);
    const bare = await cliWith({ env }, 'pack', 'import', '--data-dir', data, FIXTURE_PACK);
    expect(bare.code).toBe(2);
    expect(bare.err).toMatch(/PACK_UNSIGNED/);
    expect(existsSync(join(data, 'packs'))).toBe(false);
  });
});
