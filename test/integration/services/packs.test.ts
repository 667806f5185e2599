// Policy packs updated without a release: signed by a trusted publisher or refused, checked again at every load, and
// the station's series moving to a newer pack on its effective date (in the venue's time zone).
import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../../electron/core/errors';
import { evaluate } from '../../../electron/core/rules/evaluate';
import { parseProfile } from '../../../electron/core/rules/profile';
import { CATEGORIES } from '../../../electron/core/rules/types';
import { importPackFile, loadPacks, shippedPublishers } from '../../../electron/main/services/packs';
import { loadPublishers, openSignedPack, publisherOf, signPack } from '../../../electron/main/services/pack-signature';
import { fixturePack, makePublisher, signed } from '../../support/packs';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (err) {
    return err instanceof AppError ? err.code : `not an AppError: ${(err as Error).message}`;
  }
  return undefined;
};

describe('services/pack-signature', () => {
  const publisher = makePublisher();
  const trusted = [publisherOf(publisher.jwk)];

  it('opens a pack signed by a trusted publisher, naming the publisher', () => {
    const r = openSignedPack(signed(publisher, fixturePack()), trusted);
    expect(r).toMatchObject({ pack: { id: 'cn-fixture-2027', series: 'cn-national', effectiveFrom: '2027-01-01' }, publisher: { kid: publisher.jwk.kid, name: 'Test publisher' } });
  });

  it.each([
    ['a bare pack, not signed', () => JSON.stringify(fixturePack()), 'PACK_UNSIGNED'],
    ['signed by a key no station trusts', () => signed(makePublisher(), fixturePack()), 'PACK_SIGNATURE'],
    ['signed by another key under the trusted kid', () => signPack(JSON.stringify(fixturePack()), { ...makePublisher().privateJwk, kid: publisher.jwk.kid }), 'PACK_SIGNATURE'],
    ['a payload changed after signing (effective date moved)', () => {
      const jws = JSON.parse(signed(publisher, fixturePack())) as { payload: string };
      const pack = JSON.parse(Buffer.from(jws.payload, 'base64url').toString()) as Record<string, unknown>;
      pack.effectiveFrom = '2026-01-01';
      return JSON.stringify({ ...jws, payload: Buffer.from(JSON.stringify(pack)).toString('base64url') });
    }, 'PACK_SIGNATURE'],
    ['alg "none" with an empty signature', () => {
      const jws = JSON.parse(signed(publisher, fixturePack())) as Record<string, string>;
      return JSON.stringify({ ...jws, protected: Buffer.from(JSON.stringify({ alg: 'none', kid: publisher.jwk.kid })).toString('base64url'), signature: 'AA' });
    }, 'PACK_SIGNATURE'],
    ['alg HS256 keyed with the public key', () => {
      const jws = JSON.parse(signed(publisher, fixturePack())) as Record<string, string>;
      return JSON.stringify({ ...jws, protected: Buffer.from(JSON.stringify({ alg: 'HS256', kid: publisher.jwk.kid })).toString('base64url') });
    }, 'PACK_SIGNATURE'],
    ['an alg that is an object whose toString is no function (String() threw)', () => {
      const jws = JSON.parse(signed(publisher, fixturePack())) as Record<string, string>;
      return JSON.stringify({ ...jws, protected: Buffer.from(JSON.stringify({ alg: { toString: 0 }, kid: publisher.jwk.kid })).toString('base64url') });
    }, 'PACK_SIGNATURE'],
    ['a protected header that is JSON but no object ("null")', () => {
      const jws = JSON.parse(signed(publisher, fixturePack())) as Record<string, string>;
      return JSON.stringify({ ...jws, protected: Buffer.from('null').toString('base64url') });
    }, 'PACK_SIGNATURE'],
    ['a kid that is an object whose toString is no function', () => {
      const jws = JSON.parse(signed(publisher, fixturePack())) as Record<string, string>;
      return JSON.stringify({ ...jws, protected: Buffer.from(JSON.stringify({ alg: 'ES256', kid: { toString: 0 } })).toString('base64url') });
    }, 'PACK_SIGNATURE'],
    ['a truncated signature', () => {
      const jws = JSON.parse(signed(publisher, fixturePack())) as Record<string, string>;
      return JSON.stringify({ ...jws, signature: jws.signature!.slice(0, 40) });
    }, 'PACK_SIGNATURE'],
    ['validly signed, but a pack that may refuse a category it does not admit', () => signed(publisher, fixturePack((p) => {
      (p.venueKinds as Record<string, { mayRefuse: string[] }>).school!.mayRefuse.push('patient');
    })), 'PACK_INVALID'],
    ['validly signed, but citing a clause nobody wrote', () => signed(publisher, fixturePack((p) => {
      (p.venueKinds as Record<string, { clause: string }>).school!.clause = 'NO-SUCH-CLAUSE';
    })), 'PACK_INVALID'],
    ['not JSON at all', () => '\u0000\u0001garbage', 'PACK_INVALID'],
  ])('refuses %s', (_name, make, code) => {
    expect(codeOf(() => openSignedPack(make(), trusted))).toBe(code);
  });

  it('the shipped publisher key is a public P-256 key; a key file holding a private key is refused', () => {
    const shipped = shippedPublishers();
    expect(shipped).toHaveLength(1);
    expect(shipped[0]!.key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const dir = mkdtempSync(join(tmpdir(), 'gatecheck-publishers-'));
    writeFileSync(join(dir, 'leaked.json'), JSON.stringify({ keys: [{ ...publisher.jwk, d: publisher.privateJwk.d }] }));
    expect(codeOf(() => loadPublishers(dir))).toBe('PACK_INVALID');
  });
});

describe('services/packs: registry, import and the switch on the effective date', () => {
  const publisher = makePublisher();
  const publishers = [publisherOf(publisher.jwk)];
  const TZ = 'Asia/Shanghai';

  it('ships the national rule unchanged and a "no checks" pack that asks nothing of anyone anywhere', () => {
    const packs = loadPacks();
    expect(packs.get('cn-2022-12-07')).toMatchObject({ version: 1, series: 'cn-national', effectiveFrom: '2022-12-07', effectiveTo: null });
    const none = packs.get('cn-no-checks')!;
    for (const venueKind of ['eldercare', 'welfare', 'childcare', 'school', 'medical'] as const) {
      const venue = { pack: none, profile: parseProfile({ pack: 'cn-no-checks', venueKind, natWindowHours: 48, acceptAntigen: false, antigenWindowHours: 24 }) };
      for (const category of none.venueKinds[venueKind].categories) {
        const v = evaluate(venue, { category }, [], Date.parse('2026-12-01T00:00:00Z'));
        expect(v.outcome, `${venueKind}/${category}`).toMatch(/^admit/);
        expect(v.missing).toEqual([]);
      }
    }
    expect(CATEGORIES.length).toBeGreaterThan(0);
  });

  it('moves to the newer pack of the series at midnight of its effective date, in the venue\'s zone', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatecheck-packs-'));
    let now = Date.parse('2026-12-31T15:59:59Z'); // 23:59:59 in Shanghai
    const packs = loadPacks({ importedDir: join(dataDir, 'packs'), publishers, clock: () => now });
    importPackFile(dataDir, signed(publisher, fixturePack()), publishers, packs);
    packs.reload();
    expect(packs.inForce('cn-2022-12-07', TZ)?.id).toBe('cn-2022-12-07');
    expect(packs.next('cn-2022-12-07', TZ)?.id).toBe('cn-fixture-2027');
    expect(packs.inForce('cn-2022-12-07', 'UTC')?.id).toBe('cn-2022-12-07');
    now += 1000; // 00:00:00 on 1 Jan 2027 in Shanghai, still 31 Dec in UTC
    expect(packs.inForce('cn-2022-12-07', TZ)?.id).toBe('cn-fixture-2027');
    expect(packs.inForce('cn-2022-12-07', 'UTC')?.id).toBe('cn-2022-12-07');
    expect(packs.next('cn-2022-12-07', TZ)).toBeUndefined();
    // A station configured with the newer pack before its date keeps to the one in force.
    now = Date.parse('2026-06-01T00:00:00Z');
    expect(packs.inForce('cn-fixture-2027', TZ)?.id).toBe('cn-2022-12-07');
    // Another series is never switched to.
    expect(packs.inForce('cn-no-checks', TZ)?.id).toBe('cn-no-checks');
    expect(packs.listing().find((l) => l.id === 'cn-fixture-2027')).toMatchObject({ origin: 'imported', publisher: 'Test publisher' });
  });

  it('imports atomically and idempotently; a changed pack needs a new version; never over a newer shipped one', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatecheck-packs-'));
    const packs = loadPacks({ importedDir: join(dataDir, 'packs'), publishers });
    const text = signed(publisher, fixturePack());
    importPackFile(dataDir, text, publishers, packs);
    importPackFile(dataDir, text, publishers, packs);
    expect(readdirSync(join(dataDir, 'packs'))).toEqual(['cn-fixture-2027-v1.json']);
    const changed = signed(publisher, fixturePack((p) => { p.effectiveFrom = '2027-02-01'; }));
    expect(codeOf(() => importPackFile(dataDir, changed, publishers, packs))).toBe('PACK_INVALID');
    expect(readFileSync(join(dataDir, 'packs', 'cn-fixture-2027-v1.json'), 'utf8')).toBe(text);
    importPackFile(dataDir, signed(publisher, fixturePack((p) => { p.effectiveFrom = '2027-02-01'; p.version = 2; })), publishers, packs);
    packs.reload();
    expect(packs.get('cn-fixture-2027')).toMatchObject({ version: 2, effectiveFrom: '2027-02-01' });
    const older = signed(publisher, fixturePack((p) => { p.id = 'cn-2022-12-07'; }));
    expect(codeOf(() => importPackFile(dataDir, older, publishers, packs))).toBe('PACK_INVALID');
    // A refused import writes nothing.
    expect(codeOf(() => importPackFile(dataDir, JSON.stringify(fixturePack()), publishers, packs))).toBe('PACK_UNSIGNED');
    expect(readdirSync(join(dataDir, 'packs')).sort()).toEqual(['cn-fixture-2027-v1.json', 'cn-fixture-2027-v2.json']);
  });

  it('an imported pack changed on disk afterwards is not loaded, and says why; the rest still are', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatecheck-packs-'));
    mkdirSync(join(dataDir, 'packs'));
    const jws = JSON.parse(signed(publisher, fixturePack())) as Record<string, string>;
    const pack = JSON.parse(Buffer.from(jws.payload!, 'base64url').toString()) as Record<string, unknown>;
    pack.effectiveFrom = '2026-01-01';
    writeFileSync(join(dataDir, 'packs', 'cn-fixture-2027-v1.json'), JSON.stringify({ ...jws, payload: Buffer.from(JSON.stringify(pack)).toString('base64url') }));
    writeFileSync(join(dataDir, 'packs', 'truncated.json'), signed(publisher, fixturePack()).slice(0, 200));
    const packs = loadPacks({ importedDir: join(dataDir, 'packs'), publishers });
    expect(packs.get('cn-fixture-2027')).toBeUndefined();
    expect(packs.problems()).toEqual([expect.stringMatching(/^cn-fixture-2027-v1\.json: PACK_SIGNATURE/), expect.stringMatching(/^truncated\.json: PACK_INVALID/)]);
    expect(packs.get('cn-2022-12-07')).toBeDefined();
    // Without its publisher trusted any more, a once-good pack is not loaded either.
    const good = mkdtempSync(join(tmpdir(), 'gatecheck-packs-'));
    importPackFile(good, signed(publisher, fixturePack()), publishers);
    expect(loadPacks({ importedDir: join(good, 'packs'), publishers: [] }).get('cn-fixture-2027')).toBeUndefined();
  });
});
