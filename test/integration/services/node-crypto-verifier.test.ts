// The Node processes verify with node:crypto; it must agree with the core's WebCrypto default on every vector.
import { describe, it, expect } from 'vitest';
import { decodeEuDcc } from '../../../electron/core/credentials/eu-dcc';
import { decodeShc } from '../../../electron/core/credentials/shc';
import { createTrustStore } from '../../../electron/core/credentials/trust-store';
import { nodeCryptoVerifier } from '../../../electron/main/services/node-crypto-verifier';
import { loadDccVectors, trustListFor } from '../../support/dcc-vectors';
import { makeShcIssuer, issueShc, labBundle } from '../../support/issue';

describe('services/nodeCryptoVerifier', () => {
  it('gives the same result as WebCrypto for every EU DCC test vector (ES256 and PS256)', async () => {
    let compared = 0;
    for (const v of loadDccVectors()) {
      if (!v.json.PREFIX || !v.clock) continue;
      const list = { eu: trustListFor(v) };
      const [web, node] = await Promise.all([
        decodeEuDcc(v.json.PREFIX, await createTrustStore([list]), v.clock),
        decodeEuDcc(v.json.PREFIX, await createTrustStore([list], nodeCryptoVerifier), v.clock),
      ]);
      expect(node.ok ? 'ok' : node.code, v.file).toBe(web.ok ? 'ok' : web.code);
      compared++;
    }
    expect(compared).toBeGreaterThan(120);
  });

  it('agrees on SMART Health Cards, and refuses a tampered signature', async () => {
    const issuer = await makeShcIssuer();
    const now = Date.parse('2026-11-20T00:00:00Z');
    const good = await issueShc(issuer, labBundle({ effective: '2026-11-19T00:00:00Z' }), { nbf: now / 1000 - 60 });
    const bad = await issueShc(issuer, labBundle({ effective: '2026-11-19T00:00:00Z' }), { nbf: now / 1000 - 60, tamper: true });
    const store = await createTrustStore([{ smart: issuer.trustList }], nodeCryptoVerifier);
    expect((await decodeShc(good.qr, store, now)).ok).toBe(true);
    expect(await decodeShc(bad.qr, store, now)).toMatchObject({ ok: false, code: 'SIGNATURE' });
  });
});
