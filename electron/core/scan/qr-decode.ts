// QR decoding of one camera frame, shared by the station's worker, the command line (`decode --image`) and the
// benchmark. zxing-cpp (zxing-wasm) reads first: it reads what @zxing/library misses on camera-like frames (measured in
// the benchmark). @zxing/library stays as the fallback, and where the wasm cannot load: a frame it does not read at full
// size is retried at 1/2 and 1/3 (it misses codes whose modules are large: a DCC-sized code reads at 3–4 px per module
// and not at 5–6), and inverted (a light code on a dark phone screen).
import * as zxingModule from '@zxing/library';
import { downscaleLuma, invertLuma, lumaToRgba, rgbaToLuma, stretchLuma, upscaleLuma2 } from './luma';
import { drawModules, regridCandidates, type LocatedQr } from './qr-regrid';

// Bundlers (Vite, the worker) load the package's ESM build with named exports; Node's ESM loader sees its CommonJS
// build, whose exports it cannot list, only as `default`. Either way the same classes come out.
const ZXing = (zxingModule as unknown as { default?: typeof zxingModule }).default ?? zxingModule;
const { BarcodeFormat, BinaryBitmap, DecodeHintType, HybridBinarizer, QRCodeReader, RGBLuminanceSource } = ZXing;

const reader = new QRCodeReader();
const hints = new Map<zxingModule.DecodeHintType, unknown>([[DecodeHintType.TRY_HARDER, true], [DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.QR_CODE]]]);

/** A code read from a frame: its text, and where it is (corners clockwise from top-left, in frame pixels) when known. */
export interface QrRead {
  text: string;
  corners?: [number, number][];
  /** zxing-cpp; `regrid`: zxing-cpp on the code redrawn module by module (qr-regrid.ts); @zxing/library. */
  engine: 'zxing-cpp' | 'regrid' | 'zxing-js';
}

/** What zxing-cpp gives for a frame: a code read, or one found whose codewords did not check (`located`). */
export type WasmRead = { text: string; corners?: [number, number][] } | { located: LocatedQr };

/**
 * zxing-cpp on RGBA pixels. Injected, because its WebAssembly loads differently in a browser worker (a URL) and in
 * Node (the file's bytes). `read` gives null when it finds nothing; `readPure` reads a clean drawing of one code.
 */
export interface WasmQrReader {
  read(rgba: Uint8ClampedArray, width: number, height: number, retry?: boolean): Promise<WasmRead | null>;
  readPure(rgba: Uint8ClampedArray, width: number, height: number): Promise<string | null>;
}

function tryDecode(luma: Uint8ClampedArray, width: number, height: number): string | null {
  try {
    return reader.decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luma, width, height))), hints).getText();
  } catch {
    return null; // no code found, or not a readable one: the next frame tries again
  }
}

/** The text of the QR code in a luminance frame with @zxing/library (full size, 1/2, 1/3, then inverted), or null. */
export function decodeQrLuma(luma: Uint8ClampedArray, width: number, height: number): string | null {
  for (const image of [luma, invertLuma(luma)]) {
    let text = tryDecode(image, width, height);
    for (const factor of [2, 3]) {
      if (text !== null) break;
      const small = downscaleLuma(image, width, height, factor);
      text = tryDecode(small.luma, small.width, small.height);
    }
    if (text !== null) return text;
  }
  return null;
}

/** Frames up to this width are retried at twice their size; wider ones at half (measured in the benchmark). */
const UPSCALE_MAX_WIDTH = 1000;

/**
 * The camera's decoder on an RGBA frame. zxing-cpp (when given) reads the frame as it is; when it finds nothing, it
 * reads the frame with its contrast stretched (a dim corridor, glare) at twice its size (small, blurred modules: the
 * retry that reads most of what the first try misses on a 640×480 camera) or, for a large frame, at half its size
 * (the box filter also averages away a phone screen's pixel grid). A code either try found but could not read is read
 * again module by module (qr-regrid.ts); then @zxing/library tries.
 */
export async function decodeQrFrame(rgba: Uint8ClampedArray, width: number, height: number, wasm?: WasmQrReader): Promise<QrRead | null> {
  const located: LocatedQr[] = [];
  if (wasm) {
    const read = await wasm.read(rgba, width, height).catch(() => null);
    if (read && 'text' in read) return { ...read, engine: 'zxing-cpp' };
    if (read) located.push(read.located);
  }
  const luma = rgbaToLuma(rgba, width, height);
  if (wasm) {
    const stretched = stretchLuma(luma);
    const factor = width <= UPSCALE_MAX_WIDTH ? 0.5 : 2;
    const retry = factor === 0.5 ? upscaleLuma2(stretched, width, height) : downscaleLuma(stretched, width, height, 2);
    const again = await wasm.read(lumaToRgba(retry.luma), retry.width, retry.height, true).catch(() => null);
    const scaled = (corners: [number, number][]) => corners.map(([x, y]) => [x * factor, y * factor] as [number, number]);
    if (again && 'text' in again) return { text: again.text, ...(again.corners ? { corners: scaled(again.corners) } : {}), engine: 'zxing-cpp' };
    if (again) located.push({ version: again.located.version, corners: scaled(again.located.corners) });
    for (const where of located) {
      const text = await regrid(wasm, stretched, width, height, where);
      if (text !== null) return { text, corners: where.corners, engine: 'regrid' };
    }
  }
  const text = decodeQrLuma(luma, width, height);
  return text === null ? null : { text, engine: 'zxing-js' };
}

/** A located code read again module by module: each candidate grid drawn clean and read by zxing-cpp as a pure code. */
async function regrid(wasm: WasmQrReader, luma: Uint8ClampedArray, width: number, height: number, where: LocatedQr): Promise<string | null> {
  let candidates: ReturnType<typeof regridCandidates>;
  try {
    candidates = regridCandidates(luma, width, height, where);
  } catch {
    return null; // a version or corners the grid cannot use: nothing to read again
  }
  for (const { modules, n } of candidates) {
    const drawn = drawModules(modules, n);
    const text = await wasm.readPure(lumaToRgba(drawn.luma), drawn.width, drawn.height).catch(() => null);
    if (text !== null) return text;
  }
  return null;
}

/** What zxing-wasm's `readBarcodes` needs and gives, as far as the camera uses it (kept structural: core loads no wasm). */
type ReadBarcodes = (
  image: { data: Uint8ClampedArray; width: number; height: number; colorSpace: 'srgb' },
  options: { formats: ['QRCode']; tryHarder: boolean; tryInvert: boolean; tryRotate: boolean; isPure?: boolean; returnErrors?: boolean; maxNumberOfSymbols: number },
) => Promise<{ isValid: boolean; text: string; version: string; position: Record<'topLeft' | 'topRight' | 'bottomRight' | 'bottomLeft', { x: number; y: number }> }[]>;

/**
 * zxing-cpp as the camera's first reader, over a loaded zxing-wasm: every orientation and inversion on the frame as
 * it is; the retry (an enlarged copy) skips those, which measured no better and twice as slow. A QR code it finds but
 * cannot read comes back located (its version, a plain number for a QR code; Micro QR's "M1"… are not regridded).
 * Both tries ask for such codes (measured on the benchmark's frames: with the first try asking too, 2 more read and the
 * median frame is faster, 12.1 against 15.2 ms — fewer frames go on to the retry).
 */
export function zxingCppReader(readBarcodes: ReadBarcodes): WasmQrReader {
  return {
    async read(rgba, width, height, retry) {
      const [r] = await readBarcodes({ data: rgba, width, height, colorSpace: 'srgb' }, { formats: ['QRCode'], tryHarder: true, tryInvert: !retry, tryRotate: !retry, returnErrors: true, maxNumberOfSymbols: 1 });
      if (!r) return null;
      const p = r.position;
      const corners: [number, number][] = [[p.topLeft.x, p.topLeft.y], [p.topRight.x, p.topRight.y], [p.bottomRight.x, p.bottomRight.y], [p.bottomLeft.x, p.bottomLeft.y]];
      if (r.isValid) return { text: r.text, corners };
      const version = /^\d{1,2}$/.test(r.version) ? Number(r.version) : 0;
      return version >= 1 && version <= 40 ? { located: { version, corners } } : null;
    },
    async readPure(rgba, width, height) {
      const [r] = await readBarcodes({ data: rgba, width, height, colorSpace: 'srgb' }, { formats: ['QRCode'], tryHarder: false, tryInvert: false, tryRotate: false, isPure: true, maxNumberOfSymbols: 1 });
      return r?.isValid ? r.text : null;
    },
  };
}
