// Decodes QR codes from camera frames off the UI thread (electron/core/scan/qr-decode.ts). Frames arrive as RGBA
// pixels; the worker answers each with the text or null, so the page never sends a second frame before the first is done.
import { rgbaToLuma } from '../../../../electron/core/scan/luma';
import { decodeQrLuma } from '../../../../electron/core/scan/qr-decode';

self.onmessage = (e: MessageEvent<{ id: number; width: number; height: number; rgba: ArrayBuffer }>) => {
  const { id, width, height, rgba } = e.data;
  const text = decodeQrLuma(rgbaToLuma(new Uint8ClampedArray(rgba), width, height), width, height);
  (self as unknown as Worker).postMessage({ id, text });
};
