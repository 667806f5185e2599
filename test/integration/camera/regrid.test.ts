// The camera's second reading (electron/core/scan/qr-regrid.ts) with the real zxing-cpp: dense certificates on a
// 640×480 camera, blurred and noisy (the benchmark's frames, drawn from the same seeds), that zxing-cpp finds but
// cannot read on either of its tries, read exactly; and what a hostile or confused locator hands it reads as nothing.
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeQrFrame, type WasmQrReader } from '../../../electron/core/scan/qr-decode';
import { invertLuma, lumaToRgba, stretchLuma, upscaleLuma2 } from '../../../electron/core/scan/luma';
import { nodeWasmReader } from '../../../electron/main/services/qr-picture';
import { cameraFrame } from '../../support/camera-frames';
import { dccVector } from '../../support/dcc-vectors';
import { TESTDATA } from '../../support/paths';

let wasm: WasmQrReader;
beforeAll(async () => {
  wasm = await nodeWasmReader();
});

const CH2 = () => dccVector('CH/2.json').json.PREFIX!;
const SHC03 = () => readFileSync(join(TESTDATA, 'shc', 'spec-examples', 'example-03-f-qr-code-numeric-value-0.txt'), 'utf8').trim();

// Frames of the benchmark's set (its seeds and variants) that zxing-cpp alone does not read.
const frames = [
  { label: 'an EU DCC on paper (v16, ~3.7 px a module)', text: CH2, seed: 9, options: {} },
  { label: 'a SMART Health Card on a phone\'s screen (v18, moiré)', text: SHC03, seed: 62, options: { medium: 'phone' as const } },
];

describe('camera: a code found but not read is read again module by module', () => {
  it.each(frames.map((f) => [f.label, f] as const))('%s', async (_label, f) => {
    const frame = cameraFrame(f.text(), 640, 480, f.seed, f.options);
    const rgba = lumaToRgba(frame.luma);
    // zxing-cpp's own two tries find the code but cannot read it…
    const first = await wasm.read(rgba, 640, 480);
    const up = upscaleLuma2(stretchLuma(frame.luma), 640, 480);
    const second = await wasm.read(lumaToRgba(up.luma), up.width, up.height, true);
    expect(first === null || 'located' in first).toBe(true);
    expect(second && 'located' in second ? second.located.version : undefined).toBeGreaterThanOrEqual(14);
    // …and the camera's decoder reads it, exactly.
    const read = await decodeQrFrame(rgba, 640, 480, wasm);
    expect(read?.engine).toBe('regrid');
    expect(read?.text).toBe(f.text());
  });

  it('a code light on dark (a phone in dark mode) is read too', async () => {
    const at4 = dccVector('AT/4.json').json.PREFIX!;
    const frame = cameraFrame(at4, 640, 480, 16, { medium: 'phone' });
    const read = await decodeQrFrame(lumaToRgba(invertLuma(frame.luma)), 640, 480, wasm);
    expect(read?.engine).toBe('regrid');
    expect(read?.text).toBe(at4);
  });

  it('a mirrored drawing is read too (a grid fitted the other way round)', async () => {
    // A code seen through the back of a sheet: the picture mirrored left to right.
    const frame = cameraFrame(CH2(), 640, 480, 9, {});
    const mirrored = new Uint8ClampedArray(frame.luma.length);
    for (let y = 0; y < 480; y++) for (let x = 0; x < 640; x++) mirrored[y * 640 + x] = frame.luma[y * 640 + 639 - x]!;
    const read = await decodeQrFrame(lumaToRgba(mirrored), 640, 480, wasm);
    expect(read?.engine).toBe('regrid');
    expect(read?.text).toBe(CH2());
  });
});

describe('camera: a hostile or confused locator', () => {
  /** zxing-cpp's real reading of drawn codes, behind a locator that says whatever the attack needs. */
  const lying = (located: { version: number; corners: [number, number][] }): WasmQrReader => ({
    read: async () => ({ located }),
    readPure: (rgba, w, h) => wasm.readPure(rgba, w, h),
  });
  const noise = (() => {
    let s = 1;
    return lumaToRgba(Uint8ClampedArray.from({ length: 640 * 480 }, () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 24)));
  })();

  it.each([
    ['a version out of range', { version: 99, corners: [[100, 100], [400, 100], [400, 400], [100, 400]] }],
    ['corners far outside the frame', { version: 10, corners: [[-1e6, -1e6], [1e6, -1e6], [1e6, 1e6], [-1e6, 1e6]] }],
    ['all four corners in one point', { version: 25, corners: [[320, 240], [320, 240], [320, 240], [320, 240]] }],
    ['corners that are not numbers', { version: 5, corners: [[Number.NaN, 0], [0, Number.NaN], [1, 1], [2, 2]] }],
    ['a real-sized grid over noise', { version: 40, corners: [[60, 20], [600, 20], [600, 460], [60, 460]] }],
  ] as const)('%s: nothing read, nothing thrown', async (_label, located) => {
    const read = await decodeQrFrame(noise, 640, 480, lying({ version: located.version, corners: located.corners.map((p) => [p[0], p[1]]) }));
    expect(read).toBeNull();
  });

  it('a locator pointing at the wrong place of a real frame reads nothing, not a wrong text', async () => {
    const frame = cameraFrame(CH2(), 640, 480, 9, {});
    const read = await decodeQrFrame(lumaToRgba(frame.luma), 640, 480, lying({ version: 16, corners: [[0, 0], [200, 0], [200, 200], [0, 200]] }));
    expect(read === null || read.text === CH2()).toBe(true);
  });
});
