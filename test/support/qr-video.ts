// Makes a Y4M video of a QR code (qrcode package + ffmpeg), for Chromium's fake capture device to play as a camera.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import QRCode from 'qrcode';

export async function qrY4m(text: string, dir: string, size = { width: 640, height: 480 }): Promise<string> {
  const png = join(dir, 'qr.png');
  const y4m = join(dir, 'qr.y4m');
  // 5 px per module: @zxing/library misses this size at full resolution, so the app's retry at a smaller scale is exercised.
  await QRCode.toFile(png, text, { errorCorrectionLevel: 'L', margin: 4, scale: 5 });
  const pad = `pad=${size.width}:${size.height}:(ow-iw)/2:(oh-ih)/2:white`;
  const r = spawnSync('ffmpeg', ['-y', '-loglevel', 'error', '-loop', '1', '-i', png, '-vf', `${pad},format=yuv420p`, '-t', '2', '-r', '10', y4m], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ffmpeg: ${r.stderr || r.error?.message} (apt-get install -y ffmpeg)`);
  return y4m;
}
