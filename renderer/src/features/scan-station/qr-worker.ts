// Decodes QR codes from camera frames off the UI thread with @zxing/library. Frames arrive as RGBA pixels; the
// worker answers each with the text or null, so the page never sends a second frame before the first is done.
// A frame that does not decode at full size is retried at 1/2 and 1/3 (zxing misses codes with large modules).
import { BarcodeFormat, BinaryBitmap, DecodeHintType, HybridBinarizer, QRCodeReader, RGBLuminanceSource } from '@zxing/library';
import { downscaleLuma, rgbaToLuma } from '../../../../electron/core/scan/luma';

const reader = new QRCodeReader();
const hints = new Map<DecodeHintType, unknown>([[DecodeHintType.TRY_HARDER, true], [DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.QR_CODE]]]);

function tryDecode(luma: Uint8ClampedArray, width: number, height: number): string | null {
  try {
    return reader.decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luma, width, height))), hints).getText();
  } catch {
    return null; // no code found in this frame, or not a readable one: the next frame tries again
  }
}

self.onmessage = (e: MessageEvent<{ id: number; width: number; height: number; rgba: ArrayBuffer }>) => {
  const { id, width, height, rgba } = e.data;
  const luma = rgbaToLuma(new Uint8ClampedArray(rgba), width, height);
  let text = tryDecode(luma, width, height);
  for (const factor of [2, 3]) {
    if (text !== null) break;
    const small = downscaleLuma(luma, width, height, factor);
    text = tryDecode(small.luma, small.width, small.height);
  }
  (self as unknown as Worker).postMessage({ id, text });
};
