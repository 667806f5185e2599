// QR decoding of one camera frame with @zxing/library, shared by the station's worker and the benchmark.
// A frame that does not decode at full size is retried at 1/2 and 1/3 of it: zxing misses codes whose modules are
// large (measured: a DCC-sized code reads at 3–4 px per module and not at 5–6).
import * as zxingModule from '@zxing/library';
import { downscaleLuma } from './luma';

// Bundlers (Vite, the worker) load the package's ESM build with named exports; Node's ESM loader sees its CommonJS
// build, whose exports it cannot list, only as `default`. Either way the same classes come out.
const ZXing = (zxingModule as unknown as { default?: typeof zxingModule }).default ?? zxingModule;
const { BarcodeFormat, BinaryBitmap, DecodeHintType, HybridBinarizer, QRCodeReader, RGBLuminanceSource } = ZXing;

const reader = new QRCodeReader();
const hints = new Map<zxingModule.DecodeHintType, unknown>([[DecodeHintType.TRY_HARDER, true], [DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.QR_CODE]]]);

function tryDecode(luma: Uint8ClampedArray, width: number, height: number): string | null {
  try {
    return reader.decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luma, width, height))), hints).getText();
  } catch {
    return null; // no code found, or not a readable one: the next frame tries again
  }
}

/** The text of the QR code in a luminance frame, or null. */
export function decodeQrLuma(luma: Uint8ClampedArray, width: number, height: number): string | null {
  let text = tryDecode(luma, width, height);
  for (const factor of [2, 3]) {
    if (text !== null) break;
    const small = downscaleLuma(luma, width, height, factor);
    text = tryDecode(small.luma, small.width, small.height);
  }
  return text;
}
