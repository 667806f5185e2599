// COSE_Sign1's Sig_structure (RFC 9052 §4.4), written byte by byte by the verifier: the same bytes as a general CBOR
// encoder gives for ["Signature1", protected, h'', payload], for every length and at each head size's edge.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Encoder } from 'cbor-x';
import { sigStructure } from '../../../electron/core/credentials/eu-dcc';
import { sized, timeoutFor } from '../../support/property';

const encoder = new Encoder({ useRecords: false, mapsAsObjects: false, tagUint8Array: false });
const reference = (p: Uint8Array, payload: Uint8Array) => new Uint8Array(encoder.encode(['Signature1', p, new Uint8Array(0), payload]));
const bytes = (n: number, seed: number) => {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + seed) & 0xff;
  return out;
};
/** Equal bytes, said as the first place they differ (a large toEqual diff is slow and says less). */
const firstDifference = (a: Uint8Array, b: Uint8Array) => {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return i;
  return -1;
};

describe('credentials/sigStructure', () => {
  it('equals a general encoder\'s bytes at every head size\'s edge', () => {
    for (const n of [0, 1, 23, 24, 25, 255, 256, 257, 65535, 65536, 65537]) {
      for (const m of [0, 3, 23, 24, 255, 256]) {
        const [small, large] = [bytes(m, 1), bytes(n, 2)];
        expect(firstDifference(sigStructure(small, large), reference(small, large)), `protected ${m}, payload ${n}`).toBe(-1);
        expect(firstDifference(sigStructure(large, small), reference(large, small)), `protected ${n}, payload ${m}`).toBe(-1);
      }
    }
  });

  it('equals a general encoder\'s bytes for any protected header and payload', { timeout: timeoutFor(2000) }, () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 3000 }), (p, payload) => {
        expect(Buffer.from(sigStructure(p, payload))).toEqual(Buffer.from(reference(p, payload)));
      }),
      sized(300),
    );
  });
});
