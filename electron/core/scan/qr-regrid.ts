// A second reading of a QR code that the camera's decoder found but could not read (its codewords did not check):
// small modules, blurred and noisy (a dense certificate at 3–4 px a module on a 640×480 camera). The decoder tells
// where the code is and its version; from there this module
//   1. fits the module grid to the code's fixed patterns (finders, timing, alignment, version information: ISO/IEC
//      18004 §6.3) by moving its corners until the patterns' modules agree best with the picture,
//   2. reads each module's centre against the brightness around it, then undoes the blur's spill from neighbouring
//      modules (a least-squares model of each module's value from its 3×3 neighbourhood, refitted and re-decided a few
//      times: a 2-D decision-feedback equaliser),
//   3. draws the modules as a clean code, fixed patterns restored, for the decoder to read as a pure code.
// What comes out is still decoded, and its error correction checked, by zxing-cpp: a wrong grid reads as nothing, not as
// another text.

export type Point = [number, number];

/** Alignment pattern centres by version (ISO/IEC 18004 Annex E), versions 1–40. */
const ALIGNMENT: readonly (readonly number[])[] = [
  [], [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50], [6, 30, 54],
  [6, 32, 58], [6, 34, 62], [6, 26, 46, 66], [6, 26, 48, 70], [6, 26, 50, 74], [6, 30, 54, 78], [6, 30, 56, 82],
  [6, 30, 58, 86], [6, 34, 62, 90], [6, 28, 50, 72, 94], [6, 26, 50, 74, 98], [6, 30, 54, 78, 102], [6, 28, 54, 80, 106],
  [6, 32, 58, 84, 110], [6, 30, 58, 86, 114], [6, 34, 62, 90, 118], [6, 26, 50, 74, 98, 122], [6, 30, 54, 78, 102, 126],
  [6, 26, 52, 78, 104, 130], [6, 30, 56, 82, 108, 134], [6, 34, 60, 86, 112, 138], [6, 30, 58, 86, 114, 142],
  [6, 34, 62, 90, 118, 146], [6, 30, 54, 78, 102, 126, 150], [6, 24, 50, 76, 102, 128, 154], [6, 28, 54, 80, 106, 132, 158],
  [6, 32, 58, 84, 110, 136, 162], [6, 26, 54, 82, 110, 138, 166], [6, 30, 58, 86, 114, 142, 170],
];

export const qrSize = (version: number): number => 17 + 4 * version;

/**
 * The modules a QR code of this version has whatever it holds, row by row: 1 dark, 0 light, -1 data or format
 * information (which depends on the code's error correction level and mask).
 */
export function qrFixedModules(version: number): Int8Array {
  if (!Number.isInteger(version) || version < 1 || version > 40) throw new RangeError(`QR version ${version}`);
  const n = qrSize(version);
  const t = new Int8Array(n * n).fill(-1);
  const set = (i: number, j: number, dark: boolean) => {
    if (i >= 0 && j >= 0 && i < n && j < n) t[i * n + j] = dark ? 1 : 0;
  };
  // Finder patterns with their light separators.
  for (const [r0, c0] of [[0, 0], [0, n - 7], [n - 7, 0]] as const) {
    for (let i = -1; i <= 7; i++) {
      for (let j = -1; j <= 7; j++) {
        const ring = Math.max(Math.abs(i - 3), Math.abs(j - 3));
        set(r0 + i, c0 + j, ring === 3 || ring <= 1);
      }
    }
  }
  // Timing patterns.
  for (let k = 8; k < n - 8; k++) {
    set(6, k, k % 2 === 0);
    set(k, 6, k % 2 === 0);
  }
  // Alignment patterns, except where they would overlap a finder.
  const a = ALIGNMENT[version]!;
  const last = a[a.length - 1];
  for (const r of a) {
    for (const c of a) {
      if ((r === 6 && c === 6) || (r === 6 && c === last) || (r === last && c === 6)) continue;
      for (let i = -2; i <= 2; i++) for (let j = -2; j <= 2; j++) set(r + i, c + j, Math.max(Math.abs(i), Math.abs(j)) !== 1);
    }
  }
  set(n - 8, 8, true); // the dark module
  // Version information (versions 7 and up): the version and its BCH(18,6) remainder, generator 0x1F25.
  if (version >= 7) {
    let rem = version;
    for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >> 11) * 0x1f25);
    const bits = (version << 12) | rem;
    for (let i = 0; i < 18; i++) {
      const dark = ((bits >> i) & 1) === 1;
      const r = Math.floor(i / 3), c = n - 11 + (i % 3);
      set(r, c, dark);
      set(c, r, dark);
    }
  }
  return t;
}

/**
 * Where a module is sampled, in modules from its centre: the centre and four points 0.3 of a module away, averaged (the
 * sensor's noise averages out; measured on the benchmark's 220 frames: 2 more codes read than at the centre alone, none fewer).
 */
const SPOTS: readonly Point[] = [[0, 0], [0.3, 0], [-0.3, 0], [0, 0.3], [0, -0.3]];

type Homography = readonly [number, number, number, number, number, number, number, number];

/** The projective map taking the unit square's corners to the quad (clockwise from top-left). */
function squareToQuad(q: readonly Point[]): Homography {
  const [[x0, y0], [x1, y1], [x2, y2], [x3, y3]] = q as [Point, Point, Point, Point];
  const dx1 = x1 - x2, dx2 = x3 - x2, dx3 = x0 - x1 + x2 - x3;
  const dy1 = y1 - y2, dy2 = y3 - y2, dy3 = y0 - y1 + y2 - y3;
  const det = dx1 * dy2 - dx2 * dy1 || 1e-9;
  const g = (dx3 * dy2 - dx2 * dy3) / det;
  const h = (dx1 * dy3 - dx3 * dy1) / det;
  return [x1 - x0 + g * x1, x3 - x0 + h * x3, x0, y1 - y0 + g * y1, y3 - y0 + h * y3, y0, g, h];
}

/** A grey picture and, per pixel, the mean brightness around it (the reference a module is dark or light against). */
interface Picture {
  luma: ArrayLike<number>;
  mean: Float32Array;
  width: number;
  height: number;
}

/** Bilinear sample at (x, y) in pixel coordinates (pixel centres at +0.5), clamped to the picture. */
function sample(img: ArrayLike<number>, width: number, height: number, x: number, y: number): number {
  const fx = Math.min(width - 1.001, Math.max(0, x - 0.5));
  const fy = Math.min(height - 1.001, Math.max(0, y - 0.5));
  const x0 = Math.floor(fx), y0 = Math.floor(fy), ax = fx - x0, ay = fy - y0;
  const i = y0 * width + x0;
  return (img[i]! * (1 - ax) + img[i + 1]! * ax) * (1 - ay) + (img[i + width]! * (1 - ax) + img[i + width + 1]! * ax) * ay;
}

/** Box mean of radius r (an integral image: the same cost whatever r). */
function boxMean(luma: ArrayLike<number>, width: number, height: number, r: number): Float32Array {
  const w1 = width + 1;
  const sums = new Float64Array(w1 * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      row += luma[y * width + x]!;
      sums[(y + 1) * w1 + x + 1] = sums[y * w1 + x + 1]! + row;
    }
  }
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const ya = Math.max(0, y - r), yb = Math.min(height, y + r + 1);
    for (let x = 0; x < width; x++) {
      const xa = Math.max(0, x - r), xb = Math.min(width, x + r + 1);
      out[y * width + x] = (sums[yb * w1 + xb]! - sums[ya * w1 + xb]! - sums[yb * w1 + xa]! + sums[ya * w1 + xa]!) / ((xb - xa) * (yb - ya));
    }
  }
  return out;
}

/**
 * Each listed module's brightness at its centre; `relative`: against the mean brightness around it (negative: darker
 * than around it), as the grid fit wants it.
 */
function moduleValues(pic: Picture, corners: readonly Point[], n: number, modules: Int32Array, relative: boolean): Float64Array {
  const [a, b, c, d, e, f, g, h] = squareToQuad(corners);
  const out = new Float64Array(modules.length);
  for (let k = 0; k < modules.length; k++) {
    const i = Math.floor(modules[k]! / n), j = modules[k]! % n;
    let sum = 0;
    for (const [du, dv] of SPOTS) {
      const u = (j + 0.5 + du) / n, v = (i + 0.5 + dv) / n;
      const w = g * u + h * v + 1;
      const x = (a * u + b * v + c) / w, y = (d * u + e * v + f) / w;
      sum += sample(pic.luma, pic.width, pic.height, x, y) - (relative ? sample(pic.mean, pic.width, pic.height, x, y) : 0);
    }
    out[k] = sum / SPOTS.length;
  }
  return out;
}

/**
 * How well the fixed patterns agree with the picture under these corners: the mean of each fixed module's brightness
 * against its surroundings, counted positive when it is as the pattern says (dark darker, light lighter) — what the
 * fit climbs — and `share`, that sum over the sum of their sizes (1: every module as the pattern says; ~0: noise).
 */
function agreement(pic: Picture, corners: readonly Point[], n: number, fixed: Int32Array, dark: Uint8Array): { score: number; share: number } {
  const v = moduleValues(pic, corners, n, fixed, true);
  let score = 0, size = 0;
  for (let k = 0; k < v.length; k++) {
    score += dark[k] ? -v[k]! : v[k]!;
    size += Math.abs(v[k]!);
  }
  return { score: score / v.length, share: size > 0 ? score / size : 0 };
}

/**
 * The fixed patterns' share of agreement below which there is no code under the grid (measured: 0.92–1.00 on the
 * benchmark's regridded codes after the fit, 0.07–0.15 on noise).
 */
const MIN_SHARE = 0.5;

/**
 * The corners moved (each, a step at a time, halving the step) while the fixed patterns agree better. Gives up (null)
 * when, after the first step's moves, they still agree no better than noise would.
 */
function fitGrid(pic: Picture, start: readonly Point[], n: number, fixed: Int32Array, dark: Uint8Array): Point[] | null {
  let corners = start.map((p) => [p[0], p[1]] as Point);
  let best = agreement(pic, corners, n, fixed, dark);
  const modulePx = Math.hypot(corners[1]![0] - corners[0]![0], corners[1]![1] - corners[0]![1]) / n;
  for (const step of [modulePx * 0.5, modulePx * 0.25, modulePx * 0.125, modulePx * 0.0625]) {
    for (let round = 0, moved = true; moved && round < 20; round++) {
      moved = false;
      for (let c = 0; c < 4; c++) {
        for (const [dx, dy] of [[step, 0], [-step, 0], [0, step], [0, -step]] as const) {
          const next = corners.map((p) => [p[0], p[1]] as Point);
          next[c]![0] += dx;
          next[c]![1] += dy;
          const tried = agreement(pic, next, n, fixed, dark);
          if (tried.score > best.score) {
            best = tried;
            corners = next;
            moved = true;
          }
        }
      }
    }
    if (!(best.share >= MIN_SHARE / 2)) return null;
  }
  return best.share >= MIN_SHARE ? corners : null;
}

/**
 * Every module's brightness, normalised by the mean and spread of the modules' around it (glare and shade even out).
 * Taken plain, not against the pixels' mean: that mean is itself a blur of the neighbours, which the equaliser models.
 */
function normalisedValues(pic: Picture, corners: readonly Point[], n: number): Float64Array {
  const all = new Int32Array(n * n).map((_, k) => k);
  const v = moduleValues(pic, corners, n, all, false);
  const out = new Float64Array(n * n);
  const R = 4;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0, s2 = 0, count = 0;
      for (let a = Math.max(0, i - R); a <= Math.min(n - 1, i + R); a++) {
        for (let b = Math.max(0, j - R); b <= Math.min(n - 1, j + R); b++) {
          const x = v[a * n + b]!;
          s += x;
          s2 += x * x;
          count++;
        }
      }
      const m = s / count;
      out[i * n + j] = (v[i * n + j]! - m) / Math.sqrt(Math.max(1e-6, s2 / count - m * m));
    }
  }
  return out;
}

/** Solves A x = b (Gauss–Jordan with partial pivoting); null when singular. */
function solve(A: number[][], b: number[]): number[] | null {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  for (let i = 0; i < n; i++) {
    let p = i;
    for (let k = i + 1; k < n; k++) if (Math.abs(M[k]![i]!) > Math.abs(M[p]![i]!)) p = k;
    [M[i], M[p]] = [M[p]!, M[i]!];
    const d = M[i]![i]!;
    if (Math.abs(d) < 1e-12) return null;
    for (let k = 0; k < n; k++) {
      if (k === i) continue;
      const f = M[k]![i]! / d;
      for (let j = i; j <= n; j++) M[k]![j]! -= f * M[i]![j]!;
    }
  }
  return M.map((row, i) => row[n]! / row[i]!);
}

const NEIGHBOURS: readonly Point[] = [[-1, -1], [-1, 0], [-1, 1], [0, -1], [0, 0], [0, 1], [1, -1], [1, 0], [1, 1]];
/** Where the module's own weight sits among the fitted weights (after the constant). */
const CENTRE = 1 + NEIGHBOURS.findIndex(([di, dj]) => di === 0 && dj === 0);

/**
 * Decides each module dark or light: first by its sign, then, a few times over, by which of the two its value is nearer
 * once the spill from its eight neighbours (as decided so far) is accounted for, with the spill's weights refitted to
 * the whole code by least squares each time.
 */
function equalise(values: Float64Array, n: number, passes = 4): Uint8Array {
  const m = new Uint8Array(n * n);
  for (let k = 0; k < m.length; k++) m[k] = values[k]! < 0 ? 1 : 0;
  const at = (i: number, j: number) => (i < 0 || j < 0 || i >= n || j >= n ? 0 : m[i * n + j]!);
  const p = NEIGHBOURS.length + 1;
  for (let pass = 0; pass < passes; pass++) {
    const A = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    const b = new Array<number>(p).fill(0);
    const x = new Array<number>(p);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        x[0] = 1;
        for (let k = 0; k < NEIGHBOURS.length; k++) x[k + 1] = at(i + NEIGHBOURS[k]![0], j + NEIGHBOURS[k]![1]);
        const y = values[i * n + j]!;
        for (let r = 0; r < p; r++) {
          if (!x[r]) continue;
          b[r]! += y;
          for (let s = 0; s < p; s++) if (x[s]) A[r]![s]! += 1;
        }
      }
    }
    const w = solve(A, b);
    if (!w || w[CENTRE]! >= 0) break; // a dark module must lower the value, or the model says nothing
    let changed = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let light = w[0]!;
        for (let k = 0; k < NEIGHBOURS.length; k++) if (k + 1 !== CENTRE) light += w[k + 1]! * at(i + NEIGHBOURS[k]![0], j + NEIGHBOURS[k]![1]);
        const y = values[i * n + j]!;
        const dark = Math.abs(y - light - w[CENTRE]!) < Math.abs(y - light) ? 1 : 0;
        if (dark !== m[i * n + j]) {
          m[i * n + j] = dark;
          changed++;
        }
      }
    }
    if (changed === 0) break;
  }
  return m;
}

/** Modules drawn as a clean code: `scale` px a module, a 4-module quiet zone, black on white. */
export function drawModules(modules: Uint8Array, n: number, scale = 4): { luma: Uint8ClampedArray; width: number; height: number } {
  const size = (n + 8) * scale;
  const luma = new Uint8ClampedArray(size * size).fill(255);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (!modules[i * n + j]) continue;
      for (let y = 0; y < scale; y++) luma.fill(0, ((i + 4) * scale + y) * size + (j + 4) * scale, ((i + 4) * scale + y) * size + (j + 5) * scale);
    }
  }
  return { luma, width: size, height: size };
}

/** Where the decoder located a code it could not read: version (1–40) and corners clockwise from top-left, in pixels. */
export interface LocatedQr {
  version: number;
  corners: Point[];
}

/**
 * Candidate module grids (most likely first) for a located code in a grey picture: the grid fitted to the fixed
 * patterns, read by sign and equalised, each with the fixed patterns restored (dark modules 1, whether the code was
 * drawn dark on light or light on dark). Empty when the fit finds no code there (the fixed patterns do not agree with
 * the picture under any corner order).
 */
export function regridCandidates(luma: ArrayLike<number>, width: number, height: number, located: LocatedQr): { modules: Uint8Array; n: number }[] {
  const n = qrSize(located.version);
  const template = qrFixedModules(located.version);
  const fixedList: number[] = [];
  for (let k = 0; k < template.length; k++) if (template[k]! >= 0) fixedList.push(k);
  const fixed = Int32Array.from(fixedList);
  const dark = Uint8Array.from(fixedList, (k) => template[k]!);
  const [p0, p1, p2, p3] = located.corners as [Point, Point, Point, Point];
  const modulePx = Math.hypot(p1[0] - p0[0], p1[1] - p0[1]) / n;
  let pic: Picture = { luma, width, height, mean: boxMean(luma, width, height, Math.max(2, Math.round(modulePx * 2))) };
  // The decoder's corners may start at another finder, or run the other way round (a mirrored code); and the code may
  // be light on dark (a phone in dark mode), where the fixed patterns agree as strongly, but the other way.
  const orders: Point[][] = [[p0, p1, p2, p3], [p1, p2, p3, p0], [p2, p3, p0, p1], [p3, p0, p1, p2], [p0, p3, p2, p1]];
  const { o: start, score } = orders.map((o) => ({ o, score: agreement(pic, o, n, fixed, dark).score })).sort((x, y) => Math.abs(y.score) - Math.abs(x.score))[0]!;
  if (score < 0) pic = { ...pic, luma: Float32Array.from({ length: width * height }, (_, i) => 255 - luma[i]!), mean: pic.mean.map((m) => 255 - m) };
  const fit = fitGrid(pic, start, n, fixed, dark);
  if (!fit) return [];
  const values = normalisedValues(pic, fit, n);
  const bySign = Uint8Array.from(values, (v) => (v < 0 ? 1 : 0));
  const equalised = equalise(values, n);
  const restored = (m: Uint8Array) => m.map((v, k) => (template[k]! >= 0 ? template[k]! : v));
  return [restored(equalised), equalised, restored(bySign)].map((modules) => ({ modules, n }));
}
