// The camera as a second input: frames go to the zxing worker a few times a second; a decoded string goes to the
// same check path as a scanner's. The chosen camera is remembered on this station (localStorage).
import { useEffect, useLayoutEffect, useRef, useState } from 'react';

const CAMERA_KEY = 'gatecheck.cameraId';
const FRAME_MS = 120;
const MAX_WIDTH = 960;

export interface CameraState {
  status: 'off' | 'starting' | 'on' | 'error';
  devices: MediaDeviceInfo[];
  deviceId: string | undefined;
  error?: string;
}

export function useQrCamera(enabled: boolean, onText: (text: string) => void): [CameraState, React.RefObject<HTMLVideoElement | null>, (id: string) => void] {
  const video = useRef<HTMLVideoElement>(null);
  const handler = useRef(onText);
  useLayoutEffect(() => {
    handler.current = onText;
  });
  const [deviceId, setDeviceId] = useState<string | undefined>(() => localStorage.getItem(CAMERA_KEY) ?? undefined);
  // What the last start of this camera reached; a start for another camera (or none yet) shows as "starting".
  // (`startedFor` null: stopped, so the next start shows "starting" again.)
  const [state, setState] = useState<Omit<CameraState, 'deviceId'> & { startedFor: string | undefined | null }>({ status: 'starting', devices: [], startedFor: null });

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
    worker.onmessage = (e: MessageEvent<{ text: string | null }>) => {
      busy = false;
      const text = e.data.text;
      // The same code held in front of the camera is one scan, not one per frame.
      if (text && (text !== last.text || Date.now() - last.at > 5000)) {
        last = { text, at: Date.now() };
        handler.current(text);
      }
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
        stream = await navigator.mediaDevices.getUserMedia({ video: deviceId ? { deviceId: { exact: deviceId } } : true, audio: false });
        if (stopped) return;
        const devices = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
        if (video.current) {
          video.current.srcObject = stream;
          await video.current.play().catch(() => undefined);
        }
        setState({ status: 'on', devices, startedFor: deviceId });
        tick();
      } catch (err) {
        setState({ status: 'error', devices: [], startedFor: deviceId, error: (err as Error).message });
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
    localStorage.setItem(CAMERA_KEY, id);
    setDeviceId(id);
  };
  const status: CameraState['status'] = !enabled ? 'off' : state.startedFor === deviceId ? state.status : 'starting';
  const { startedFor: _startedFor, ...shown } = state;
  return [{ ...shown, status, deviceId }, video, choose];
}
