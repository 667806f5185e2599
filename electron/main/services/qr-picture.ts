// The camera's decoder in Node: zxing-cpp's WebAssembly loaded from the installed package (never fetched), and
// pictures (PNG, JPEG) turned into RGBA pixels for it — `decode --image`, the tests and the benchmark read exactly as
// the station's camera worker does.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { decodeQrFrame, zxingCppReader, type QrRead, type WasmQrReader } from '../../core/scan/qr-decode';

let prepared: Promise<unknown> | undefined;

/** zxing-cpp, ready: its .wasm read from node_modules (the package would otherwise fetch it from a CDN). */
export async function nodeWasmReader(): Promise<WasmQrReader> {
  prepared ??= (() => {
    const wasm = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
    return prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer }, fireImmediately: true });
  })();
  await prepared;
  return wasmRead;
}

/** zxing-cpp on RGBA pixels, with the camera worker's options. */
export const wasmRead: WasmQrReader = zxingCppReader(readBarcodes as unknown as Parameters<typeof zxingCppReader>[0]);

export class PictureError extends Error {}

/**
 * The largest picture read, in megapixels (a phone's photo is 12–48), PNG and JPEG alike. A PNG's size is read from
 * its header before any pixel is inflated: 1.5 MB of PNG can claim 20,000 × 20,000 pixels, which took 77 s and 6.4 GB
 * to find no code in.
 */
export const PICTURE_MAX_MP = 50;

/** A PNG's width and height from its IHDR chunk, which the format puts first (bytes 16–23), or undefined. */
function pngSize(b: Buffer): { width: number; height: number } | undefined {
  if (b.length < 24 || b.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** A PNG or JPEG file's pixels as RGBA (transparent pixels flattened onto white, as on paper). */
export function pictureRgba(bytes: Uint8Array): { rgba: Uint8ClampedArray; width: number; height: number } {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let width: number, height: number, data: Uint8Array;
  try {
    if (b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
      const size = pngSize(b);
      if (size && size.width * size.height > PICTURE_MAX_MP * 1e6) throw new PictureError(`the picture is ${size.width} × ${size.height} pixels, over ${PICTURE_MAX_MP} megapixels`);
      ({ width, height, data } = PNG.sync.read(b));
    } else if (b[0] === 0xff && b[1] === 0xd8) {
      ({ width, height, data } = jpeg.decode(b, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: PICTURE_MAX_MP, maxMemoryUsageInMB: 512 }));
    } else {
      throw new PictureError('not a PNG or JPEG picture');
    }
  } catch (err) {
    throw err instanceof PictureError ? err : new PictureError(`the picture cannot be read: ${(err as Error).message}`);
  }
  const rgba = new Uint8ClampedArray(data);
  for (let i = 0; i < rgba.length; i += 4) {
    const a = rgba[i + 3]!;
    if (a === 255) continue;
    for (let c = 0; c < 3; c++) rgba[i + c] = (rgba[i + c]! * a + 255 * (255 - a)) / 255;
    rgba[i + 3] = 255;
  }
  return { rgba, width, height };
}

/** Reads the QR code in a picture with the camera's decoder; null when there is none. */
export async function decodePicture(bytes: Uint8Array): Promise<QrRead | null> {
  const { rgba, width, height } = pictureRgba(bytes);
  return decodeQrFrame(rgba, width, height, await nodeWasmReader());
}
