import { describe, it, expect } from 'vitest';
import { rgbaToLuma, downscaleLuma, invertLuma, lumaToRgba, stretchLuma, upscaleLuma2 } from '../../../electron/core/scan/luma';

describe('scan/rgbaToLuma', () => {
  it.each([
    [[255, 255, 255, 255], 255],
    [[0, 0, 0, 255], 0],
    [[255, 0, 0, 255], 76],
    [[0, 255, 0, 255], 149],
    [[0, 0, 255, 255], 28],
  ])('%j → %i', (rgba, y) => expect(rgbaToLuma(new Uint8ClampedArray(rgba), 1, 1)[0]).toBe(y));
});

describe('scan/downscaleLuma', () => {
  it('averages each factor×factor block and drops the ragged edge', () => {
    const img = new Uint8ClampedArray([0, 100, 200, 9, 100, 200, 0, 9, 9, 9, 9, 9]);
    expect(downscaleLuma(img, 4, 3, 2)).toEqual({ luma: new Uint8ClampedArray([100, 54]), width: 2, height: 1 });
  });
});

describe('scan/invertLuma, lumaToRgba', () => {
  it('inverts, and spreads grey into opaque RGBA', () => {
    expect(invertLuma(new Uint8ClampedArray([0, 40, 255]))).toEqual(new Uint8ClampedArray([255, 215, 0]));
    expect(lumaToRgba(new Uint8ClampedArray([7, 200]))).toEqual(new Uint8ClampedArray([7, 7, 7, 255, 200, 200, 200, 255]));
  });
});

describe('scan/stretchLuma', () => {
  it('maps the 1st and 99th percentiles to black and white (a dim frame gets its range back)', () => {
    const dim = new Uint8ClampedArray(1000).map((_, i) => 40 + (i % 2) * 30); // half at 40, half at 70
    const out = stretchLuma(dim);
    expect(new Set(out)).toEqual(new Set([0, 255]));
  });
  it('leaves a flat frame alone (nothing to stretch)', () => {
    const flat = new Uint8ClampedArray(100).fill(128);
    expect(stretchLuma(flat)).toBe(flat);
  });
});

describe('scan/upscaleLuma2', () => {
  it('doubles each side, interpolating between pixels and keeping the edge', () => {
    expect(upscaleLuma2(new Uint8ClampedArray([0, 100]), 2, 1)).toEqual({ luma: new Uint8ClampedArray([0, 50, 100, 100, 0, 50, 100, 100]), width: 4, height: 2 });
  });
});
