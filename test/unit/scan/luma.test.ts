import { describe, it, expect } from 'vitest';
import { rgbaToLuma, downscaleLuma } from '../../../electron/core/scan/luma';

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
