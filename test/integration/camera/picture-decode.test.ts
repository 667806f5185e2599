// EXPECTEDPICTUREDECODE of dgc-testdata: the QR images, read by the app's camera decoder (@zxing/library, with its
// smaller-scale retry) and by zxing-wasm as the reference. Every image expected to decode must be read by the
// reference; the app's decoder may miss a few (a known weakness of @zxing/library, measured in the benchmark).
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { decodeQrLuma } from '../../../electron/core/scan/qr-decode';
import { loadDccVectors, DCC_DIR } from '../../support/dcc-vectors';
import { ROOT } from '../../support/paths';

const tmp = mkdtempSync(join(tmpdir(), 'gatecheck-png-'));

/** PNG → 8-bit gray pixels (ffmpeg), flattened onto white where transparent; undefined for a broken image. */
function gray(png: Buffer): { luma: Uint8ClampedArray; width: number; height: number } | undefined {
  const file = join(tmp, 'in.png');
  writeFileSync(file, png);
  const probe = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file], { encoding: 'utf8' });
  const [width, height] = probe.stdout.trim().split(',').map(Number) as [number, number];
  const raw = spawnSync('ffmpeg', ['-loglevel', 'error', '-i', file, '-filter_complex', 'color=white,format=rgb24[bg];[bg][0:v]scale2ref[bg2][fg];[bg2][fg]overlay=format=auto,format=gray', '-frames:v', '1', '-f', 'rawvideo', '-'], { maxBuffer: 1 << 28 });
  if (raw.error) throw new Error(`ffmpeg: ${raw.error.message} (apt-get install -y ffmpeg)`);
  if (raw.status !== 0 || !width || !height) return undefined;
  return { luma: new Uint8ClampedArray(raw.stdout), width, height };
}

async function reference(img: { luma: Uint8ClampedArray; width: number; height: number }): Promise<string | undefined> {
  const rgba = new Uint8ClampedArray(img.width * img.height * 4);
  for (let i = 0; i < img.luma.length; i++) {
    rgba.fill(img.luma[i]!, i * 4, i * 4 + 3);
    rgba[i * 4 + 3] = 255;
  }
  return (await readBarcodes({ data: rgba, width: img.width, height: img.height, colorSpace: 'srgb' }, { formats: ['QRCode'], tryHarder: true }))[0]?.text;
}

const index = JSON.parse(readFileSync(join(DCC_DIR, 'index.json'), 'utf8')) as { entries: { file: string; images?: string[] }[] };
const cases = loadDccVectors().flatMap((v) => {
  if (!('EXPECTEDPICTUREDECODE' in v.expected) || !v.json.PREFIX) return [];
  const embedded = typeof v.json['2DCODE'] === 'string' ? Buffer.from(v.json['2DCODE'] as string, 'base64') : undefined;
  const sidecar = index.entries.find((e) => e.file === v.file)?.images?.find((f) => !/aztec/i.test(f));
  const png = embedded ?? (sidecar ? readFileSync(join(DCC_DIR, sidecar)) : undefined);
  return png ? [{ file: v.file, png, prefix: v.json.PREFIX, expected: v.expected.EXPECTEDPICTUREDECODE! }] : [];
});

describe('camera/decodeQrLuma on the dgc-testdata QR images', () => {
  beforeAll(async () => {
    await prepareZXingModule({ overrides: { wasmBinary: readFileSync(join(ROOT, 'node_modules/zxing-wasm/dist/reader/zxing_reader.wasm')).buffer as ArrayBuffer }, fireImmediately: true });
  });

  // One test per image, so no single test's time grows with the number of images (two loaded cores can take
  // several seconds for one large picture with the reference's TRY_HARDER); the tally comes last.
  const misses: string[] = [];
  let expectedTrue = 0;
  it.each(cases.map((c) => [c.file, c] as const))('%s: read exactly if at all, by the reference always when it should', async (_file, c) => {
    const img = gray(c.png);
    const app = img ? decodeQrLuma(img.luma, img.width, img.height) : null;
    const ref = img ? await reference(img) : undefined;
    if (c.expected) {
      expectedTrue++;
      expect(ref, `${c.file}: the reference decoder must read it`).toBe(c.prefix);
      if (app !== c.prefix) misses.push(c.file);
      if (app !== null) expect(app, `${c.file}: a read must be exact`).toBe(c.prefix);
    } else {
      expect(app === c.prefix || ref === c.prefix, `${c.file} must not decode to its payload`).toBe(false);
    }
  });

  it('the app reads nearly all of the images expected to decode (the reference reads all)', () => {
    console.log(`picture decode: ${cases.length} images; ${expectedTrue - misses.length}/${expectedTrue} read by @zxing/library, ${expectedTrue}/${expectedTrue} by zxing-wasm; missed: ${misses.join(', ') || 'none'}`);
    expect(cases.length).toBeGreaterThan(100);
    expect(expectedTrue).toBeGreaterThan(100);
    expect(misses.length / expectedTrue).toBeLessThanOrEqual(0.1);
  });
});
