// The camera as a second input: frames go to the QR worker a few times a second; a read goes to the same check path
// as a scanner's, and its corners are kept a moment so the screen can outline the code. The same code held in front
// of the camera is one scan (not re-read for a few seconds). The chosen camera is kept in the station's settings.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { QrRead } from '../../../../electron/core/scan/qr-decode';

const FRAME_MS = 120;
const MAX_WIDTH = 960;
/** The same code is not read again within this time (one person, one scan). */
export const SAME_CODE_MS = 4000;

/** Why the camera is not on, in words staff can act on (never the browser's raw message). */
export type CameraProblem = 'no-camera' | 'denied' | 'busy' | 'failed';

export interface CameraState {
  status: 'off' | 'starting' | 'on' | 'error';
  devices: MediaDeviceInfo[];
  deviceId: string | undefined;
  problem?: CameraProblem;
  /** The last code found: its corners in the frame's pixels, and the frame's size (for the outline). */
  found?: { corners: [number, number][]; width: number; height: number; at: number } | undefined;
  /** Which decoder read the last code (zxing-cpp, or the @zxing/library fallback). */
  engine?: QrRead['engine'] | undefined;
}

export function problemOf(err: unknown): CameraProblem {
  const name = (err as { name?: string })?.name;
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') return 'no-camera';
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return 'denied';
  if (name === 'NotReadableError' || name === 'AbortError' || name === 'TrackStartError') return 'busy';
  return 'failed';
}

export function useQrCamera(
  enabled: boolean, onText: (text: string) => void, chosen: string | undefined, onChoose: (id: string) => void,
): [CameraState, React.RefObject<HTMLVideoElement | null>, (id: string) => void] {
  const video = useRef<HTMLVideoElement>(null);
  const handler = useRef(onText);
  useLayoutEffect(() => {
    handler.current = onText;
  });
  const [deviceId, setDeviceId] = useState<string | undefined>(chosen);
  const [found, setFound] = useState<CameraState['found']>();
  const [engine, setEngine] = useState<QrRead['engine']>();
  // What the last start of this camera reached; a start for another camera (or none yet) shows as "starting".
  // (`startedFor` null: stopped, so the next start shows "starting" again.)
  const [state, setState] = useState<{ status: CameraState['status']; devices: MediaDeviceInfo[]; problem?: CameraProblem; startedFor: string | undefined | null }>({ status: 'starting', devices: [], startedFor: null });

  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const worker = new Worker(new URL('./qr-worker.ts', import.meta.url), { type: 'module' });
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    let busy = false;
    let frame = 0;
    let last = { text: '', at: 0 };
    worker.onmessage = (e: MessageEvent<{ read: QrRead | null; width: number; height: number }>) => {
      busy = false;
      const { read, width, height } = e.data;
      if (!read) return;
      setEngine(read.engine);
      if (read.corners) setFound({ corners: read.corners, width, height, at: Date.now() });
      if (read.text !== last.text || Date.now() - last.at > SAME_CODE_MS) handler.current(read.text);
      last = { text: read.text, at: Date.now() };
    };
    const tick = () => {
      if (stopped) return;
      const v = video.current;
      if (!busy && v && v.readyState >= 2 && v.videoWidth > 0) {
        const scale = Math.min(1, MAX_WIDTH / v.videoWidth);
        canvas.width = Math.round(v.videoWidth * scale);
        canvas.height = Math.round(v.videoHeight * scale);
        ctx.drawImage(v, 0, 0, canvas.width, canvas.height);
        const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
        busy = true;
        worker.postMessage({ id: ++frame, width: img.width, height: img.height, rgba: img.data.buffer }, [img.data.buffer]);
      }
      timer = setTimeout(tick, FRAME_MS);
    };
    void (async () => {
      try {
        if (!navigator.mediaDevices?.getUserMedia) throw Object.assign(new Error('no media devices'), { name: 'NotFoundError' });
        stream = await navigator.mediaDevices.getUserMedia({ video: deviceId ? { deviceId: { ideal: deviceId } } : true, audio: false });
        if (stopped) return;
        const devices = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
        if (video.current) {
          video.current.srcObject = stream;
          await video.current.play().catch(() => undefined);
        }
        setState({ status: 'on', devices, startedFor: deviceId });
        tick();
      } catch (err) {
        console.warn(`[camera] could not start: ${(err as Error).name}: ${(err as Error).message}`);
        setState({ status: 'error', devices: [], startedFor: deviceId, problem: problemOf(err) });
      }
    })();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      worker.terminate();
      stream?.getTracks().forEach((t) => t.stop());
      setState((st) => ({ ...st, startedFor: null }));
    };
  }, [enabled, deviceId]);

  const choose = (id: string) => {
    setDeviceId(id);
    onChoose(id);
  };
  const status: CameraState['status'] = !enabled ? 'off' : state.startedFor === deviceId ? state.status : 'starting';
  const { startedFor: _startedFor, ...shown } = state;
  return [{ ...shown, status, deviceId, found, engine }, video, choose];
}
