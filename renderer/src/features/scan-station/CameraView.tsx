// The camera's live view: the picture with an aiming box, the code outlined for a moment when it is read, the
// camera's state in words staff can act on, and the choice of camera (kept in the station's settings).
import { useEffect, useState } from 'react';
import type { CameraState } from './useQrCamera';
import { useWords } from '../../words';

const OUTLINE_MS = 800;

export function CameraView({ camera, videoRef, onChoose }: {
  camera: CameraState;
  videoRef: React.RefObject<HTMLVideoElement | null>;
  onChoose: (id: string) => void;
}) {
  const { t } = useWords();
  const found = camera.found;
  // The outline shows from a read until OUTLINE_MS later (the read's time is hidden then).
  const [hiddenAt, setHiddenAt] = useState(0);
  useEffect(() => {
    if (!found) return;
    const timer = setTimeout(() => setHiddenAt(found.at), OUTLINE_MS);
    return () => clearTimeout(timer);
  }, [found]);
  const showFound = found !== undefined && found.at > hiddenAt;
  const message = camera.status === 'on' ? t('cameraOn') : camera.status === 'error' ? t(`camera_${(camera.problem ?? 'failed').replace('-', '_')}`) : t('loading');
  return (
    <section className="camera" aria-label={t('camera')} data-camera={camera.status} data-camera-problem={camera.problem} data-engine={camera.engine}>
      <div className="viewfinder" hidden={camera.status === 'error'}>
        <video ref={videoRef} muted playsInline />
        {camera.status === 'on' && <div className="aim" aria-hidden="true" />}
        {found && showFound && (
          <svg className="found" viewBox={`0 0 ${found.width} ${found.height}`} preserveAspectRatio="none" aria-hidden="true" data-found="">
            <polygon points={found.corners.map(([x, y]) => `${x},${y}`).join(' ')} />
          </svg>
        )}
      </div>
      <div className={camera.status === 'error' ? 'camera-problem' : undefined} role={camera.status === 'error' ? 'alert' : undefined}>{message}</div>
      {camera.devices.length > 1 && (
        <select aria-label={t('cameraChoose')} value={camera.deviceId ?? ''} onChange={(e) => onChoose(e.target.value)}>
          {camera.devices.map((d, i) => <option key={d.deviceId} value={d.deviceId}>{d.label || `${t('camera')} ${i + 1}`}</option>)}
        </select>
      )}
      <div className="en">{t('cameraHonest')}</div>
    </section>
  );
}
