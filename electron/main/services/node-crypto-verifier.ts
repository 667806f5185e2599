// Signature checks with node:crypto for the Node processes (main, browser host, CLI): the same results as the
// core's WebCrypto default, verified synchronously (WebCrypto in Node queues each check on a thread pool).
import { constants, createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { SignatureVerifier } from '../../core/credentials/trust-store';

export const nodeCryptoVerifier: SignatureVerifier = {
  async prepare(key) {
    return 'jwk' in key
      ? createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: key.jwk.x, y: key.jwk.y }, format: 'jwk' })
      : createPublicKey({ key: Buffer.from(key.spki), format: 'der', type: 'spki' });
  },
  verify(prepared, alg, signature, data) {
    const key = prepared as KeyObject;
    return alg === 'ES256'
      ? verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature)
      : verify('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature);
  },
};
