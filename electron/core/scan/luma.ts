// Luminance helpers for camera frames (pure; used by the QR worker and the benchmark).

/** RGBA pixels → 8-bit luminance (ITU-R BT.601 weights, integer arithmetic). */
export function rgbaToLuma(rgba: Uint8ClampedArray, width: number, height: number): Uint8ClampedArray {
  const luma = new Uint8ClampedArray(width * height);
  for (let i = 0, j = 0; i < luma.length; i++, j += 4) luma[i] = (rgba[j]! * 77 + rgba[j + 1]! * 150 + rgba[j + 2]! * 29) >> 8;
  return luma;
}

/**
 * Shrinks a luminance image by an integer factor with a box filter. @zxing/library misses codes whose modules are
 * large (measured: a DCC-sized code reads at 3–4 px per module and not at 5–6), so the camera path retries smaller.
 */
export function downscaleLuma(luma: Uint8ClampedArray, width: number, height: number, factor: number): { luma: Uint8ClampedArray; width: number; height: number } {
  const w = Math.floor(width / factor);
  const h = Math.floor(height / factor);
  const out = new Uint8ClampedArray(w * h);
  const area = factor * factor;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let sum = 0;
      for (let dy = 0; dy < factor; dy++) {
        const row = (y * factor + dy) * width + x * factor;
        for (let dx = 0; dx < factor; dx++) sum += luma[row + dx]!;
      }
      out[y * w + x] = sum / area;
    }
  }
  return { luma: out, width: w, height: h };
}
