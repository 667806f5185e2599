// The Node processes verify with node:crypto; it must agree with the core's WebCrypto default on every vector.
import { describe, it, expect } from 'vitest';
import { decodeEuDcc, decodeDccStructure, sigStructure } from '../../../electron/core/credentials/eu-dcc';
import { decodeShc } from '../../../electron/core/credentials/shc';
import { createTrustStore } from '../../../electron/core/credentials/trust-store';
import { nodeCryptoVerifier } from '../../../electron/main/services/node-crypto-verifier';
import { loadDccVectors, trustListFor } from '../../support/dcc-vectors';
import { makeShcIssuer, issueShc, labBundle, makeDccSigner, issueDcc, dccTestContent } from '../../support/issue';

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

  it('answers at once once a key is prepared, with the same verdicts: good, tampered, a signature of the wrong length, the wrong algorithm', async () => {
    const now = Date.parse('2026-11-20T00:00:00Z');
    for (const alg of ['ES256', 'PS256'] as const) {
      const signer = await makeDccSigner({ alg });
      const store = await createTrustStore([{ eu: signer.trustList }], nodeCryptoVerifier);
      const times = { iat: now / 1000 - 3600, exp: now / 1000 + 86_400 };
      const good = await issueDcc(signer, dccTestContent({ sampledAt: '2026-11-19T20:00:00Z' }), times);
      const bad = await issueDcc(signer, dccTestContent({ sampledAt: '2026-11-19T20:00:00Z' }), { ...times, tamper: true });
      const parts = decodeDccStructure(good);
      const tbs = sigStructure(parts.protectedBytes, parts.payload);
      const [euSigner] = store.euSigners(parts.decoded.kid);
      // The first check prepares the key (a promise); every later one is a boolean.
      const first = euSigner!.verify(alg, parts.signature, tbs);
      expect(first).toBeInstanceOf(Promise);
      expect(await first).toBe(true);
      expect(euSigner!.verify(alg, parts.signature, tbs)).toBe(true);
      expect(euSigner!.verify(alg, parts.signature.subarray(0, 10), tbs)).toBe(false);
      expect(euSigner!.verify(alg === 'ES256' ? 'PS256' : 'ES256', parts.signature, tbs)).toBe(false);
      expect(euSigner!.verify(alg, parts.signature, tbs.subarray(1))).toBe(false);
      expect((await decodeEuDcc(good, store, now)).ok, alg).toBe(true);
      expect(await decodeEuDcc(bad, store, now)).toMatchObject({ ok: false, code: 'SIGNATURE' });
    }
    const issuer = await makeShcIssuer();
    const store = await createTrustStore([{ smart: issuer.trustList }], nodeCryptoVerifier);
    const good = await issueShc(issuer, labBundle({ effective: '2026-11-19T00:00:00Z' }), { nbf: now / 1000 - 60 });
    const bad = await issueShc(issuer, labBundle({ effective: '2026-11-19T00:00:00Z' }), { nbf: now / 1000 - 60, tamper: true });
    for (let i = 0; i < 3; i++) {
      expect((await decodeShc(good.qr, store, now)).ok).toBe(true);
      expect(await decodeShc(bad.qr, store, now)).toMatchObject({ ok: false, code: 'SIGNATURE' });
    }
    const key = [...store.smartIssuer(issuer.trustList.issuers[0]!.iss)!.keys.values()][0]!;
    expect(key.verify(new Uint8Array(64), new Uint8Array([1, 2, 3]))).toBe(false);
    expect(key.verify(new Uint8Array(3), new Uint8Array([1, 2, 3]))).toBe(false);
  });
});
