import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import QRCode from 'qrcode';
import { drawModules, qrFixedModules, qrSize, regridCandidates, type Point } from '../../../electron/core/scan/qr-regrid';
import { sized, timeoutFor } from '../../support/property';
import { rng } from '../../support/camera-frames';

/** A real QR code's modules (the qrcode package, an encoder independent of ours), row by row, 1 = dark. */
function encode(text: string, version: number, level: 'L' | 'M' | 'Q' | 'H' = 'L'): Uint8Array {
  const q = QRCode.create(text, { version, errorCorrectionLevel: level });
  const n = q.modules.size;
  return Uint8Array.from({ length: n * n }, (_, k) => (q.modules.get(Math.floor(k / n), k % n) ? 1 : 0));
}

/** The corners of a code drawn by drawModules (4-module quiet zone), clockwise from top-left. */
function drawnCorners(n: number, scale: number): Point[] {
  const a = 4 * scale, b = (4 + n) * scale;
  return [[a, a], [b, a], [b, b], [a, b]];
}

const errors = (a: Uint8Array, b: Uint8Array) => a.reduce((sum, v, k) => sum + (v === b[k] ? 0 : 1), 0);

/** The code mirrored about its diagonal: what a grid read the other way round gives. */
function transpose(m: Uint8Array, n: number): Uint8Array {
  return Uint8Array.from(m, (_, k) => m[(k % n) * n + Math.floor(k / n)]!);
}

/**
 * Wrong modules against the code or against its mirror image, whichever is fewer. The fixed patterns are symmetric
 * about the diagonal but for one module, so a fit may settle on the mirror image; the decoder reads both.
 */
const errorsUpToMirror = (a: Uint8Array, truth: Uint8Array, n: number) => Math.min(errors(a, truth), errors(a, transpose(truth, n)));

/** A box blur of radius r, then Gaussian-ish noise of the given spread: a small camera's view of a drawn code. */
function blurAndNoise(luma: Uint8ClampedArray, size: number, r: number, noise: number, seed: number): Uint8ClampedArray {
  const random = rng(seed);
  const out = new Uint8ClampedArray(luma.length);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let sum = 0, count = 0;
      for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) {
        const yy = y + dy, xx = x + dx;
        if (yy < 0 || xx < 0 || yy >= size || xx >= size) continue;
        sum += luma[yy * size + xx]!;
        count++;
      }
      out[y * size + x] = 40 + (sum / count) * 0.6 + (random() + random() + random() - 1.5) * noise;
    }
  }
  return out;
}

describe('scan/qrFixedModules', () => {
  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('version %i: every fixed module is what a real encoder draws', (version) => {
    const fixed = qrFixedModules(version);
    expect(fixed.length).toBe(qrSize(version) ** 2);
    // Two texts and two levels: different masks and data, the same fixed patterns.
    for (const [text, level] of [['GATECHECK', 'L'], ['1234567890', 'H']] as const) {
      const code = encode(text, version, level);
      const wrong = [...fixed.keys()].filter((k) => fixed[k]! >= 0 && fixed[k] !== code[k]);
      expect(wrong, `version ${version}, ${text}/${level}`).toEqual([]);
    }
    // The finders, timing and alignment alone are over 190 modules even at version 1.
    expect(fixed.filter((v) => v >= 0).length).toBeGreaterThan(190);
  });

  it.each([0, 41, 2.5, Number.NaN])('version %s is refused', (version) => {
    expect(() => qrFixedModules(version)).toThrow(RangeError);
  });
});

describe('scan/regridCandidates', () => {
  it('reads a clean drawing back exactly (or its mirror image), whichever corner the decoder called top-left', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 15 }), fc.string({ minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 4 }), (version, text, order) => {
      const truth = encode(text, version);
      const n = qrSize(version);
      const drawn = drawModules(truth, n, 3);
      const [a, b, c, d] = drawnCorners(n, 3) as [Point, Point, Point, Point];
      const corners = [[a, b, c, d], [b, c, d, a], [c, d, a, b], [d, a, b, c], [a, d, c, b]][order]!;
      const [best] = regridCandidates(drawn.luma, drawn.width, drawn.height, { version, corners });
      expect(best?.n).toBe(n);
      expect(errorsUpToMirror(best!.modules, truth, n)).toBe(0);
    }), sized(40));
  }, timeoutFor(40));

  it('reads a code drawn light on dark as the same modules (dark = 1 either way)', () => {
    const version = 7;
    const truth = encode('GC-BADGE-000123', version);
    const n = qrSize(version);
    const drawn = drawModules(truth, n, 4);
    const inverted = drawn.luma.map((v) => 255 - v);
    const [best] = regridCandidates(inverted, drawn.width, drawn.height, { version, corners: drawnCorners(n, 4) });
    expect(errorsUpToMirror(best!.modules, truth, n)).toBe(0);
  });

  it('finds the grid from corners up to three quarters of a module off (a decoder\'s corners are closer)', () => {
    const version = 10;
    const truth = encode('HC1:NCFOXN%TS3DH3ZSUZK+.V0ETD%65NL-AH-R6IOO6+IDOEZ', version);
    const n = qrSize(version);
    const drawn = drawModules(truth, n, 4);
    const [a, b, c, d] = drawnCorners(n, 4) as [Point, Point, Point, Point];
    const off: Point[] = [[a[0] - 3, a[1] + 2.25], [b[0] + 2.25, b[1] - 3], [c[0] + 3, c[1] + 1.5], [d[0] - 1.5, d[1] - 3]]; // 4 px a module
    const [best] = regridCandidates(drawn.luma, drawn.width, drawn.height, { version, corners: off });
    expect(errorsUpToMirror(best!.modules, truth, n)).toBe(0);
  });

  it('undoes a small camera\'s blur: far fewer wrong modules than reading each centre by its sign', () => {
    const version = 14;
    const truth = encode('HC1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3/XIV0W23NTDEPWK G2EP4J0B3KLASMUG8GJL8LLG.3SA3/-2E%5VR5VVBJZILDBZ8D%JTQOL2009UVD0HX2JN*4CY009TX/9F/GZ%5U1MC82C:IT$7', version);
    const n = qrSize(version);
    const scale = 3;
    const drawn = drawModules(truth, n, scale);
    const blurred = blurAndNoise(drawn.luma, drawn.width, 2, 14, 7);
    const candidates = regridCandidates(blurred, drawn.width, drawn.height, { version, corners: drawnCorners(n, scale) });
    const [equalisedRestored, equalised, bySignRestored] = candidates.map((c) => errorsUpToMirror(c.modules, truth, n)) as [number, number, number];
    expect(bySignRestored).toBeGreaterThan(100); // what a plain threshold gets wrong here
    expect(equalised).toBeLessThan(bySignRestored / 4);
    expect(equalisedRestored).toBeLessThanOrEqual(equalised);
  });

  it('finds no code in noise: no candidates (the fixed patterns agree no better than chance)', () => {
    const random = rng(3);
    const size = 300;
    const noise = Uint8ClampedArray.from({ length: size * size }, () => random() * 255);
    for (const version of [1, 10, 25]) {
      expect(regridCandidates(noise, size, size, { version, corners: [[40, 40], [260, 40], [260, 260], [40, 260]] })).toEqual([]);
    }
  });

  it('survives corners outside the picture, or all in one point, without throwing', () => {
    const luma = new Uint8ClampedArray(100 * 100).fill(200);
    for (const corners of [[[-500, -500], [900, -500], [900, 900], [-500, 900]], [[50, 50], [50, 50], [50, 50], [50, 50]], [[0, 0], [1e9, 0], [1e9, 1e9], [0, 1e9]]] as Point[][]) {
      expect(() => regridCandidates(luma, 100, 100, { version: 5, corners })).not.toThrow();
    }
  });
});
