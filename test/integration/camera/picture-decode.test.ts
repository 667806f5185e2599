// Every clean test picture read by the camera's decoder (zxing-cpp, then @zxing/library; the same code as the
// station's camera worker and `decode --image`): the dgc-testdata QR images (EXPECTEDPICTUREDECODE) and the SMART Health
// Card QR pictures (the spec's SVGs, rasterised; the validation SDK's photo-like JPEG and corrupted PNG). @zxing/library
// alone is tallied beside it, as the benchmark does for camera frames.
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { decodeQrLuma } from '../../../electron/core/scan/qr-decode';
import { rgbaToLuma } from '../../../electron/core/scan/luma';
import { decodePicture, nodeWasmReader, pictureRgba } from '../../../electron/main/services/qr-picture';
import { loadDccVectors, DCC_DIR } from '../../support/dcc-vectors';
import { TESTDATA } from '../../support/paths';
import { decodeShc } from '../../../electron/core/credentials/shc';
import { createTrustStore, parseTrustData } from '../../../electron/core/credentials/trust-store';

const index = JSON.parse(readFileSync(join(DCC_DIR, 'index.json'), 'utf8')) as { entries: { file: string; images?: string[] }[] };
const cases = loadDccVectors().flatMap((v) => {
  if (!('EXPECTEDPICTUREDECODE' in v.expected) || !v.json.PREFIX) return [];
  const embedded = typeof v.json['2DCODE'] === 'string' ? Buffer.from(v.json['2DCODE'] as string, 'base64') : undefined;
  const sidecar = index.entries.find((e) => e.file === v.file)?.images?.find((f) => !/aztec/i.test(f));
  const png = embedded ?? (sidecar ? readFileSync(join(DCC_DIR, sidecar)) : undefined);
  return png ? [{ file: v.file, png, prefix: v.json.PREFIX, expected: v.expected.EXPECTEDPICTUREDECODE! }] : [];
});

/** What a picture holds for the camera's decoder (null: nothing read), and for @zxing/library alone; undefined: not a picture. */
async function readBoth(bytes: Buffer): Promise<{ app: string | null; js: string | null } | undefined> {
  let img;
  try {
    img = pictureRgba(bytes);
  } catch {
    return undefined;
  }
  const app = (await decodePicture(bytes))?.text ?? null;
  return { app, js: decodeQrLuma(rgbaToLuma(img.rgba, img.width, img.height), img.width, img.height) };
}

describe('camera decoder on the dgc-testdata QR images', () => {
  beforeAll(async () => {
    await nodeWasmReader();
  });
  const jsMisses: string[] = [];
  let expectedTrue = 0;
  // One test per image, so no single test's time grows with the number of images.
  it.each(cases.map((c) => [c.file, c] as const))('%s: read exactly, and always when it should', async (_file, c) => {
    const got = await readBoth(c.png);
    if (c.expected) {
      expectedTrue++;
      expect(got?.app, `${c.file}: the camera's decoder must read it`).toBe(c.prefix);
      if (got?.js !== c.prefix) jsMisses.push(c.file);
    } else {
      expect(got?.app === c.prefix, `${c.file} must not decode to its payload`).toBe(false);
    }
  });

  it('reads every image expected to decode (and tallies @zxing/library alone)', () => {
    console.log(`picture decode: ${cases.length} images; camera decoder ${expectedTrue}/${expectedTrue}; @zxing/library alone ${expectedTrue - jsMisses.length}/${expectedTrue} (missed: ${jsMisses.join(', ') || 'none'})`);
    expect(cases.length).toBeGreaterThan(100);
    expect(expectedTrue).toBeGreaterThan(100);
  });
});

describe('camera decoder on the SMART Health Card QR pictures (the validation cases, verified after reading)', () => {
  const shc = join(TESTDATA, 'shc');
  const issuerDir = join(shc, 'spec-examples', 'issuer', '.well-known');
  /** The spec's issuer as the SDK cases trust it, with its revocation lists. */
  async function specIssuer() {
    const keys = (JSON.parse(readFileSync(join(issuerDir, 'jwks.json'), 'utf8')) as { keys: { kid: string; crlVersion?: unknown }[] }).keys;
    const crls = Object.fromEntries(keys.filter((k) => k.crlVersion !== undefined).map((k) => [k.kid, JSON.parse(readFileSync(join(issuerDir, 'crl', `${k.kid}.json`), 'utf8')) as unknown]));
    return createTrustStore([parseTrustData({ issuers: [{ iss: 'https://spec.smarthealth.cards/examples/issuer', keys, crls }] })]);
  }
  /** An SVG rasterised as a phone or printer would show it (librsvg through ffmpeg), 5 pixels per module. */
  function rasterise(svg: string): Buffer {
    const out = join(mkdtempSync(join(tmpdir(), 'gatecheck-svg-')), 'qr.png');
    const r = spawnSync('ffmpeg', ['-loglevel', 'error', '-width', '485', '-height', '485', '-i', svg, '-frames:v', '1', out]);
    if (r.error || r.status !== 0) throw new Error(`ffmpeg (librsvg): ${r.stderr?.toString() || r.error?.message} (apt-get install -y ffmpeg)`);
    return readFileSync(out);
  }
  const cases = (JSON.parse(readFileSync(join(shc, 'cases.json'), 'utf8')) as { cases: { id: string; input_kind: string; inputs: string[]; validation_time: number; expected: string; sdk_errors: string[] }[] })
    .cases.filter((c) => c.input_kind === 'qr-image');

  it('there are picture cases to read', () => {
    expect(cases.map((c) => c.id).sort()).toEqual(['sdk-qr-image-corrupted', 'sdk-valid-qr-scaled-23', 'spec-00-qr-image', 'spec-03-qr-image-revoked']);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const file = join(shc, c.inputs[0]!);
    const bytes = file.endsWith('.svg') ? rasterise(file) : readFileSync(file);
    const read = await decodePicture(bytes).catch(() => null);
    if (c.sdk_errors.includes('QR_DECODE_ERROR')) {
      // Corrupted: the picture may yield nothing, or a text that does not verify; never a valid card.
      if (read) expect((await decodeShc(read.text, await specIssuer(), c.validation_time * 1000)).ok).toBe(false);
      return;
    }
    expect(read?.text, 'the camera decoder must read the picture').toMatch(/^shc:\/\d+$/);
    const r = await decodeShc(read!.text, await specIssuer(), c.validation_time * 1000);
    expect(r.ok ? 'valid' : `invalid ${r.code}`).toBe(c.expected === 'valid' ? 'valid' : `invalid ${c.sdk_errors[0]}`);
  });
});
