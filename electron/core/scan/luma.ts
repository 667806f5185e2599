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

/** The negative of a luminance image (a light code on a dark screen reads as a dark code on light). */
export function invertLuma(luma: Uint8ClampedArray): Uint8ClampedArray {
  const out = new Uint8ClampedArray(luma.length);
  for (let i = 0; i < luma.length; i++) out[i] = 255 - luma[i]!;
  return out;
}

/** 8-bit luminance → RGBA (grey), for decoders that take colour pixels. */
export function lumaToRgba(luma: Uint8ClampedArray): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(luma.length * 4);
  for (let i = 0, j = 0; i < luma.length; i++, j += 4) {
    rgba[j] = rgba[j + 1] = rgba[j + 2] = luma[i]!;
    rgba[j + 3] = 255;
  }
  return rgba;
}

/**
 * Stretches the contrast so that the darkest 1 % and the lightest 1 % of pixels reach black and white: a code in a
 * dim corridor, or washed out by glare, gets its full range back.
 */
export function stretchLuma(luma: Uint8ClampedArray): Uint8ClampedArray {
  const hist = new Uint32Array(256);
  for (let i = 0; i < luma.length; i++) hist[luma[i]!]!++;
  const cut = luma.length * 0.01;
  let lo = 0, hi = 255, acc = 0;
  while (lo < 255 && (acc += hist[lo]!) < cut) lo++;
  acc = 0;
  while (hi > 0 && (acc += hist[hi]!) < cut) hi--;
  if (hi - lo < 8) return luma;
  const out = new Uint8ClampedArray(luma.length);
  const scale = 255 / (hi - lo);
  for (let i = 0; i < luma.length; i++) out[i] = (luma[i]! - lo) * scale;
  return out;
}

/** Doubles a luminance image's size (bilinear): zxing-cpp reads small, blurred modules better when they are larger. */
export function upscaleLuma2(luma: Uint8ClampedArray, width: number, height: number): { luma: Uint8ClampedArray; width: number; height: number } {
  const w = width * 2;
  const h = height * 2;
  const out = new Uint8ClampedArray(w * h);
  for (let y = 0; y < h; y++) {
    const fy = Math.min(height - 1, y / 2), y0 = Math.floor(fy), y1 = Math.min(height - 1, y0 + 1), ay = fy - y0;
    for (let x = 0; x < w; x++) {
      const fx = Math.min(width - 1, x / 2), x0 = Math.floor(fx), x1 = Math.min(width - 1, x0 + 1), ax = fx - x0;
      const top = luma[y0 * width + x0]! * (1 - ax) + luma[y0 * width + x1]! * ax;
      const bottom = luma[y1 * width + x0]! * (1 - ax) + luma[y1 * width + x1]! * ax;
      out[y * w + x] = top * (1 - ay) + bottom * ay;
    }
  }
  return { luma: out, width: w, height: h };
}
