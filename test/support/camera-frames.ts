// Camera-like frames of real codes (certificates, SMART Health Cards, ID numbers, badges): perspective, blur, sensor
// noise, glare, low light and the moiré of a code shown on a phone screen, at 640×480 and 1280×720, from a seeded
// generator (the same frames every run).
import QRCode from 'qrcode';

export interface Frame {
  luma: Uint8ClampedArray;
  width: number;
  height: number;
  text: string;
  label: string;
}

/** A seeded generator of numbers in [0, 1) (mulberry32): the same frames, and the same noise, every run. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type M3 = [number, number, number, number, number, number, number, number, number];

/** The homography taking the unit square's corners to the quad (x0,y0)…(x3,y3), clockwise from top-left. */
function squareToQuad(q: [number, number][]): M3 {
  const [[x0, y0], [x1, y1], [x2, y2], [x3, y3]] = q as [[number, number], [number, number], [number, number], [number, number]];
  const dx1 = x1 - x2, dx2 = x3 - x2, dx3 = x0 - x1 + x2 - x3;
  const dy1 = y1 - y2, dy2 = y3 - y2, dy3 = y0 - y1 + y2 - y3;
  const det = dx1 * dy2 - dx2 * dy1;
  const g = (dx3 * dy2 - dx2 * dy3) / det;
  const h = (dx1 * dy3 - dx3 * dy1) / det;
  return [x1 - x0 + g * x1, x3 - x0 + h * x3, x0, y1 - y0 + g * y1, y3 - y0 + h * y3, y0, g, h, 1];
}

function invert(m: M3): M3 {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h, B = -(d * i - f * g), C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [A / det, -(b * i - c * h) / det, (b * f - c * e) / det, B / det, (a * i - c * g) / det, -(a * f - c * d) / det, C / det, -(a * h - b * g) / det, (a * e - b * d) / det];
}

/** How the code is shown: printed on paper, or on a phone's screen (a pixel grid that beats with the camera's: moiré). */
export type Medium = 'paper' | 'phone';
/** `dim`: a dark corridor (less light, more sensor noise). */
export interface FrameOptions { medium?: Medium; dim?: boolean }

export function cameraFrame(text: string, width: number, height: number, seed: number, options: FrameOptions = {}): Frame {
  const r = rng(seed);
  const qr = QRCode.create(text, { errorCorrectionLevel: 'L' });
  const n = qr.modules.size;
  const quiet = 4;
  const total = n + 2 * quiet;
  // The code fills 55–80 % of the shorter side, tilted and foreshortened.
  const side = Math.min(width, height) * (0.55 + 0.25 * r());
  const cx = width / 2 + (r() - 0.5) * (width - side) * 0.5;
  const cy = height / 2 + (r() - 0.5) * (height - side) * 0.5;
  const angle = (r() - 0.5) * 0.5;
  const persp = (r() - 0.5) * 0.25 * side;
  const corners: [number, number][] = [[-1, -1], [1, -1], [1, 1], [-1, 1]].map(([u, v], k) => {
    const x = (u! * side) / 2 + (k === 1 || k === 2 ? persp : 0) * (v! > 0 ? 1 : -1) * 0.5;
    const y = (v! * side) / 2 + (k >= 2 ? persp * 0.3 : 0);
    return [cx + x * Math.cos(angle) - y * Math.sin(angle), cy + x * Math.sin(angle) + y * Math.cos(angle)];
  });
  const inv = invert(squareToQuad(corners));
  const raw = new Float32Array(width * height);
  const paper = 200 + 40 * r();
  const ink = 30 + 30 * r();
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const w = inv[6] * x + inv[7] * y + inv[8];
      const u = (inv[0] * x + inv[1] * y + inv[2]) / w;
      const v = (inv[3] * x + inv[4] * y + inv[5]) / w;
      let val = 90 + 30 * Math.sin(x / 37 + y / 53); // background
      if (u >= 0 && u < 1 && v >= 0 && v < 1) {
        const mx = Math.floor(u * total) - quiet;
        const my = Math.floor(v * total) - quiet;
        val = mx >= 0 && my >= 0 && mx < n && my < n && qr.modules.get(my, mx) ? ink : paper;
      }
      raw[y * width + x] = val;
    }
  }
  // Blur (a box of 1–2 px), then a glare spot, then sensor noise.
  const radius = 1 + Math.floor(r() * 2);
  const blurred = new Float32Array(raw.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0, count = 0;
      for (let dy = -radius; dy <= radius; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -radius; dx <= radius; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= width) continue;
          sum += raw[yy * width + xx]!;
          count++;
        }
      }
      blurred[y * width + x] = sum / count;
    }
  }
  const gx = cx + (r() - 0.5) * side * 0.6, gy = cy + (r() - 0.5) * side * 0.6, gr = side * (0.15 + 0.2 * r()), gain = 60 + 90 * r();
  const noise = (6 + 10 * r()) * (options.dim ? 1.8 : 1);
  const light = options.dim ? 0.35 + 0.15 * r() : 1;
  // A phone's screen: its pixel grid, a little off the camera's, beats into moiré bands.
  const pitchX = 2.6 + r() * 1.2, pitchY = 2.6 + r() * 1.2, depth = options.medium === 'phone' ? 0.18 + 0.12 * r() : 0;
  const luma = new Uint8ClampedArray(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const d2 = ((x - gx) ** 2 + (y - gy) ** 2) / (gr * gr);
      const glare = d2 < 4 ? gain * Math.exp(-d2) : 0;
      const grid = depth ? 1 - depth * (0.5 + 0.5 * Math.sin((2 * Math.PI * x) / pitchX) * Math.sin((2 * Math.PI * y) / pitchY)) : 1;
      luma[y * width + x] = blurred[y * width + x]! * grid * light + glare * light + (r() + r() + r() - 1.5) * noise;
    }
  }
  const tags = [options.medium === 'phone' ? 'phone' : 'paper', ...(options.dim ? ['dim'] : [])].join('+');
  return { luma, width, height, text, label: `${width}x${height}#${seed} ${tags}` };
}
