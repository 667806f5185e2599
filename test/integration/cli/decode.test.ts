import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, createDeflate } from 'node:zlib';
import { cli } from '../../support/cli';
import { PICTURE_MAX_MP } from '../../../electron/main/services/qr-picture';
import { makeDccSigner, issueDcc, dccTestContent, makeShcIssuer, issueShc, labBundle } from '../../support/issue';

const dir = mkdtempSync(join(tmpdir(), 'gatecheck-decode-'));
const NOW = '2026-11-20T08:00:00Z';
const s = (iso: string) => Date.parse(iso) / 1000;
let hc1: string;
let shcParts: string[];
let trustDir: string;

beforeAll(async () => {
  const signer = await makeDccSigner();
  const issuer = await makeShcIssuer();
  hc1 = await issueDcc(signer, dccTestContent({ familyName: 'Zhou', givenName: 'Qi', sampledAt: '2026-11-19T08:00:00Z' }), { iat: s('2026-11-19T09:00:00Z'), exp: s('2026-12-01T00:00:00Z') });
  const big = labBundle({ effective: '2026-11-19T08:00:00Z' });
  (big.entry as unknown[]).push(...Array.from({ length: 25 }, (_, i) => ({ fullUrl: `resource:${i + 2}`, resource: { resourceType: 'Observation', status: 'final', code: { text: `${i}-${Math.random().toString(36).repeat(3)}` } } })));
  shcParts = (await issueShc(issuer, big, { nbf: s('2026-11-19T09:00:00Z'), chunks: 2 })).qr;
  trustDir = join(dir, 'trust');
  mkdirSync(trustDir);
  writeFileSync(join(trustDir, 'eu.json'), JSON.stringify(signer.trustList));
  writeFileSync(join(trustDir, 'smart.json'), JSON.stringify(issuer.trustList));
  writeFileSync(join(dir, 'hc1.txt'), `${hc1}\n`);
  writeFileSync(join(dir, 'chunks.txt'), shcParts.join('\n'));
});

describe('cli/decode', () => {
  it('--image reads a PNG or a JPEG with the camera\'s decoder and prints what decoding the text prints', async () => {
    const QRCode = (await import('qrcode')).default;
    const jpeg = (await import('jpeg-js')).default;
    const { PNG } = await import('pngjs');
    const png = join(dir, 'hc1.png');
    await QRCode.toFile(png, hc1, { errorCorrectionLevel: 'L', margin: 4, scale: 4 });
    // The same code photographed: a JPEG with a grey, slightly noisy background.
    const { width, height, data } = PNG.sync.read(readFileSync(png));
    const pixels = Buffer.from(data);
    for (let i = 0; i < pixels.length; i += 4) for (let c = 0; c < 3; c++) pixels[i + c] = Math.min(255, Math.max(0, pixels[i + c]! * 0.8 + 20 + ((i * 7919) % 13) - 6));
    const jpg = join(dir, 'hc1.jpg');
    writeFileSync(jpg, jpeg.encode({ data: pixels, width, height }, 80).data);
    const text = JSON.parse((await cli('decode', '--trust', trustDir, '--now', NOW, hc1)).out) as unknown;
    for (const file of [png, jpg]) {
      const r = await cli('decode', '--trust', trustDir, '--now', NOW, '--image', file);
      expect(r.code, r.err).toBe(0);
      expect(JSON.parse(r.out)).toEqual(text);
    }
    // Both parts of a chunked card, each in its own picture.
    const parts = await Promise.all(shcParts.map(async (part, i) => {
      const f = join(dir, `shc-${i}.png`);
      await QRCode.toFile(f, part, { errorCorrectionLevel: 'L', scale: 3 });
      return f;
    }));
    const chunked = await cli('decode', '--trust', join(trustDir, 'smart.json'), '--now', NOW, ...parts.flatMap((f) => ['--image', f]));
    expect(JSON.parse(chunked.out)).toMatchObject({ ok: true, format: 'shc' });
  });

  it('--image refuses a file that is no picture, and a picture with no code (exit 2, one line)', async () => {
    writeFileSync(join(dir, 'not.png'), 'hello');
    const notPicture = await cli('decode', '--image', join(dir, 'not.png'));
    expect(notPicture).toMatchObject({ code: 2 });
    expect(notPicture.err).toMatch(/not a PNG or JPEG/);
    const { PNG } = await import('pngjs');
    const blank = new PNG({ width: 64, height: 64 });
    blank.data.fill(255);
    writeFileSync(join(dir, 'blank.png'), PNG.sync.write(blank));
    const none = await cli('decode', '--image', join(dir, 'blank.png'));
    expect(none).toMatchObject({ code: 2 });
    expect(none.err).toMatch(/no QR code found/);
    const truncated = readFileSync(join(dir, 'hc1.png')).subarray(0, 100);
    writeFileSync(join(dir, 'cut.png'), truncated);
    expect((await cli('decode', '--image', join(dir, 'cut.png'))).err).toMatch(/cannot be read/);
  });

  it('--image refuses a picture that claims more than PICTURE_MAX_MP before inflating it (a PNG bomb), and a JPEG likewise', async () => {
    // 0.4 MB of PNG whose header claims 10,000 × 10,000 pixels (400 MB of zeros, deflated). 20,000 × 20,000 read whole took 77 s and 6.4 GB.
    const chunk = (type: string, data: Buffer) => {
      const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
      const out = Buffer.alloc(12 + data.length);
      out.writeUInt32BE(data.length, 0);
      body.copy(out, 4);
      out.writeUInt32BE(crc32(body), 8 + data.length);
      return out;
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(10_000, 0);
    ihdr.writeUInt32BE(10_000, 4);
    ihdr.set([8, 6, 0, 0, 0], 8);
    const rows = Buffer.alloc(10_000 * 4 + 1);
    const deflater = createDeflate({ level: 9 });
    const idat = new Promise<Buffer>((resolve) => {
      const parts: Buffer[] = [];
      deflater.on('data', (d: Buffer) => parts.push(d)).on('end', () => resolve(Buffer.concat(parts)));
    });
    for (let y = 0; y < 10_000; y++) deflater.write(rows);
    deflater.end();
    const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    writeFileSync(join(dir, 'bomb.png'), Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', await idat), chunk('IEND', Buffer.alloc(0))]));
    const bomb = await cli('decode', '--image', join(dir, 'bomb.png'));
    expect(bomb).toMatchObject({ code: 2 });
    expect(bomb.err).toMatch(new RegExp(`10000 × 10000 pixels, over ${PICTURE_MAX_MP} megapixels`));
    // A JPEG's header claiming as much: jpeg-js's own limit, the same number.
    const jpeg = await import('jpeg-js');
    const jpegHeader = Buffer.from(jpeg.encode({ data: Buffer.alloc(8 * 8 * 4, 255), width: 8, height: 8 }, 80).data);
    const sof = jpegHeader.findIndex((x, i) => x === 0xff && (jpegHeader[i + 1] === 0xc0 || jpegHeader[i + 1] === 0xc2));
    jpegHeader.writeUInt16BE(20_000, sof + 5);
    jpegHeader.writeUInt16BE(20_000, sof + 7);
    writeFileSync(join(dir, 'bomb.jpg'), jpegHeader);
    const jpegBomb = await cli('decode', '--image', join(dir, 'bomb.jpg'));
    expect(jpegBomb).toMatchObject({ code: 2 });
    expect(jpegBomb.err).toMatch(/cannot be read: maxResolutionInMP limit exceeded/);
  });

  it('verifies an EU DCC against a trust folder and prints evidence and identity', async () => {
    const r = await cli('decode', '--trust', trustDir, '--now', NOW, hc1);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ ok: true, format: 'eu-dcc', identity: { name: 'Zhou Qi' }, evidence: [{ kind: 'test', method: 'nat', result: 'negative' }, { kind: 'identity' }] });
  });

  it('reads the payload from @FILE, and the parts of a chunked SMART Health Card from its lines', async () => {
    expect(JSON.parse((await cli('decode', '--trust', trustDir, '--now', NOW, `@${join(dir, 'hc1.txt')}`)).out)).toMatchObject({ ok: true });
    expect(JSON.parse((await cli('decode', '--trust', join(trustDir, 'smart.json'), '--now', NOW, `@${join(dir, 'chunks.txt')}`)).out)).toMatchObject({ ok: true, format: 'shc' });
  });

  it('without the signer in the trust list the result is UNKNOWN_KEY, still exit 0', async () => {
    const r = await cli('decode', '--now', NOW, hc1);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ ok: false, format: 'eu-dcc', code: 'UNKNOWN_KEY' });
  });

  it.each([
    ['a resident ID number, masked, never printed in full', ['11010519491231002X'], { ok: true, format: 'cn-id', identity: { idMasked: '110105********002X', birthDate: '1949-12-31' } }],
    ['a wrong check digit', ['110105194912310021'], { ok: false, format: 'cn-id', code: 'CHECK_DIGIT' }],
    ['an opaque code', ['https://jkm.example/qr?x=1'], { ok: true, format: 'opaque', evidence: [] }],
    ['garbage after HC1:', ['HC1:%%%'], { ok: false, format: 'eu-dcc', code: 'BASE45' }],
  ])('%s', async (_name, args, expected) => {
    const r = await cli('decode', ...args);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject(expected);
    expect(r.out).not.toContain('11010519491231002X');
  });

  it.each([
    [['--now', NOW], /PAYLOAD is required/],
    [['--now', 'yesterday', 'x'], /--now/],
    [['--trust', join(dir, 'missing.json'), 'x'], /--trust/],
    [[`@${join(dir, 'nope.txt')}`], /cannot be read/],
    [['--frobnicate', 'x'], /frobnicate/],
  ])('exits 2 on bad arguments: %j', async (args, says) => {
    const r = await cli('decode', ...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(says);
  });

  it('refuses a broken trust list, naming the file', async () => {
    writeFileSync(join(dir, 'broken.json'), JSON.stringify({ certificates: [{ kid: 'AAAA', country: 'XX', rawData: 'bm90IGEgY2VydA==' }] }));
    const r = await cli('decode', '--trust', join(dir, 'broken.json'), 'x');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/broken\.json.*certificates\.0/);
  });
});
