// Policy-pack publishers made fresh for each run (never the shipped key, whose private half is not in the repository),
// and the test-only fixture pack that exercises the switch to a newer pack on its effective date.
import { generateKeyPairSync, randomBytes, type JsonWebKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths';
import { signPack, type PublisherJwk } from '../../electron/main/services/pack-signature';

export interface TestPublisher {
  /** The public key, as a station trusts it. */
  jwk: PublisherJwk;
  privateJwk: JsonWebKey & { kid: string };
}

export function makePublisher(name = 'Test publisher'): TestPublisher {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = `test-${randomBytes(6).toString('hex')}`;
  const pub = publicKey.export({ format: 'jwk' });
  return {
    jwk: { kty: 'EC', crv: 'P-256', alg: 'ES256', kid, x: pub.x!, y: pub.y!, name },
    privateJwk: { ...privateKey.export({ format: 'jwk' }), kid },
  };
}

export const FIXTURE_PACK = join(ROOT, 'test', 'fixtures', 'packs', 'cn-fixture-2027.json');

/** The fixture pack's data, changed by `edit` if given. */
export function fixturePack(edit: (p: Record<string, unknown>) => void = () => undefined): Record<string, unknown> {
  const p = JSON.parse(readFileSync(FIXTURE_PACK, 'utf8')) as Record<string, unknown>;
  edit(p);
  return p;
}

export function signed(publisher: TestPublisher, pack: unknown): string {
  return signPack(JSON.stringify(pack, null, 1), publisher.privateJwk);
}
