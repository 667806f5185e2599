// Decodes QR codes from camera frames off the UI thread with the camera's decoder (electron/core/scan/qr-decode.ts):
// zxing-cpp's WebAssembly first, loaded from the app itself (this worker's own CSP allows 'wasm-unsafe-eval'; the
// page's does not), @zxing/library as the fallback. Frames arrive as RGBA pixels; the worker answers each with the
// read (text, corners) or null, so the page never sends a second frame before the first is done.
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import { decodeQrFrame, zxingCppReader, type WasmQrReader } from '../../../../electron/core/scan/qr-decode';

const wasm: Promise<WasmQrReader | undefined> = (async () => {
  try {
    await prepareZXingModule({ overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? new URL(wasmUrl, self.location.href).href : prefix + path) }, fireImmediately: true });
    return zxingCppReader(((image, options) => readBarcodes(new ImageData(image.data as Uint8ClampedArray<ArrayBuffer>, image.width, image.height), options)) as Parameters<typeof zxingCppReader>[0]);
  } catch (err) {
    console.warn(`[camera] zxing-cpp did not load; @zxing/library reads alone: ${(err as Error).message}`);
    return undefined;
  }
})();

self.onmessage = async (e: MessageEvent<{ id: number; width: number; height: number; rgba: ArrayBuffer }>) => {
  const { id, width, height, rgba } = e.data;
  const read = await decodeQrFrame(new Uint8ClampedArray(rgba), width, height, await wasm);
  (self as unknown as Worker).postMessage({ id, read, width, height });
};
