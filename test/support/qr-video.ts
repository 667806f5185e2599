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

/**
 * A Y4M video of a code shown on a phone's screen moving into view: 1 s of an empty desk, the phone sliding in from the
 * right (0.5 s), held still in the middle (1.5 s), then gone (1 s); 5 s at 15 fps with sensor noise. The fake capture
 * device loops it, so the code enters the view again every 5 s.
 */
export async function qrPhoneY4m(text: string, dir: string): Promise<string> {
  const qr = join(dir, 'screen.png');
  const y4m = join(dir, 'phone.y4m');
  await QRCode.toFile(qr, text, { errorCorrectionLevel: 'L', margin: 3, scale: 3 });
  // The phone: the code on a white screen inside a black bezel; the desk: dark grey.
  const phone = '[1:v]pad=iw+24:ih+120:12:50:white,pad=iw+16:ih+16:8:8:black[phone]';
  const x = "if(lt(t,1),W,if(lt(t,1.5),W-(W-(W-w)/2)*(t-1)/0.5,if(lt(t,3),(W-w)/2,W)))";
  const r = spawnSync('ffmpeg', [
    '-y', '-loglevel', 'error', '-f', 'lavfi', '-i', 'color=c=0x3a3f44:s=640x480:r=15:d=5', '-loop', '1', '-i', qr,
    '-filter_complex', `${phone};[0:v][phone]overlay=x='${x}':y=(H-h)/2:shortest=1,noise=alls=10:allf=t,format=yuv420p`,
    '-t', '5', '-r', '15', y4m,
  ], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ffmpeg: ${r.stderr || r.error?.message} (apt-get install -y ffmpeg)`);
  return y4m;
}
