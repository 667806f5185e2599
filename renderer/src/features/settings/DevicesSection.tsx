// Settings: this station's devices (issue 32): a serial-mode scanner (the port, picked from the ports found or typed,
// its baud rate and what ends a scan) and the screen facing the entrant. Saved, they are in use at once and at every
// start; the scanner's standing is said live.
import { useEffect, useState } from 'react';
import { gate, type PeripheralsView, type SerialStatusView } from '../../gate';
import type { ShownError } from '../../components/ErrorBanner';
import { useWords } from '../../words';

const BAUD_RATES = [9600, 19200, 38400, 57600, 115200];
const OTHER = '\u0000other';

export function DevicesSection({ pin, onNotice, onError }: { pin: string; onNotice: (text: string) => void; onError: (error: ShownError) => void }) {
  const { t } = useWords();
  const [view, setView] = useState<PeripheralsView>();
  const [port, setPort] = useState('');
  const [typed, setTyped] = useState('');
  const [baud, setBaud] = useState(9600);
  const [terminator, setTerminator] = useState<'any' | 'gap'>('any');
  const [gapMs, setGapMs] = useState(50);
  const [screen, setScreen] = useState<'off' | 'auto' | number>('off');
  const [status, setStatus] = useState<SerialStatusView>();

  const show = (v: PeripheralsView, form: boolean) => {
    setView(v);
    setStatus(v.serial.status);
    if (!form) return;
    const c = v.serial.configured;
    setPort(c ? (v.serial.ports.some((p) => p.path === c.path) ? c.path : OTHER) : '');
    setTyped(c?.path ?? '');
    setBaud(c?.baudRate ?? 9600);
    setTerminator(c?.terminator ?? 'any');
    setGapMs(c?.gapMs ?? 50);
    setScreen(v.screens.configured);
  };

  async function load(form: boolean) {
    const r = await gate.peripherals({ adminPin: pin });
    if (r.ok) show(r.value, form);
    else onError(r.error);
  }
  useEffect(() => {
    void gate.peripherals({ adminPin: pin }).then((r) => (r.ok ? show(r.value, true) : onError(r.error)));
    return gate.on('serialStatus', setStatus);
    // Loaded once per PIN: a refresh keeps what is being edited.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pin]);

  async function save() {
    const path = port === OTHER ? typed.trim() : port;
    const r = await gate.savePeripherals({
      adminPin: pin,
      ...(view?.serial.fixedByHost ? {} : { serial: path ? { path, baudRate: baud, terminator, gapMs } : null }),
      ...(view?.screens.available ? { entrantScreen: screen } : {}),
    });
    if (!r.ok) return onError(r.error);
    show(r.value, true);
    onNotice(t('devicesSaved'));
  }

  if (!view) return null;
  const fixed = view.serial.fixedByHost;
  const screenName = (id: number) => view.screens.list.find((s) => s.id === id)?.label ?? String(id);
  return (
    <section className="form-grid" aria-label={t('devicesSection')} data-devices="">
      <h3 className="span-all">{t('devicesSection')}</h3>
      {fixed ? (
        <p className="span-all" data-serial-fixed={fixed.path}>{t('serialFixed', { path: fixed.path, baud: fixed.baudRate })}</p>
      ) : (
        <>
          <label>{t('serialPort')}
            <select data-field="serial-port" value={port} onChange={(e) => setPort(e.target.value)}>
              <option value="">{t('serialNone')}</option>
              {view.serial.ports.map((p) => <option key={p.path} value={p.path}>{p.label ? `${p.path} — ${p.label}` : p.path}</option>)}
              <option value={OTHER}>{t('serialOther')}</option>
            </select>
          </label>
          {port === OTHER && (
            <label>{t('serialPath')}<input data-field="serial-path" value={typed} onChange={(e) => setTyped(e.target.value)} spellCheck={false} autoComplete="off" placeholder="/dev/ttyACM0 · COM3" /></label>
          )}
          {port !== '' && (
            <>
              <label>{t('serialBaud')}
                <select data-field="serial-baud" value={baud} onChange={(e) => setBaud(Number(e.target.value))}>
                  {[...new Set([...BAUD_RATES, baud])].sort((a, b) => a - b).map((b) => <option key={b} value={b}>{b}</option>)}
                </select>
              </label>
              <label>{t('serialTerminator')}
                <select data-field="serial-terminator" value={terminator} onChange={(e) => setTerminator(e.target.value === 'gap' ? 'gap' : 'any')}>
                  <option value="any">{t('serialTerminatorAny')}</option>
                  <option value="gap">{t('serialTerminatorGap')}</option>
                </select>
              </label>
              {terminator === 'gap' && (
                <label>{t('serialGap')}<input data-field="serial-gap" type="number" min={10} max={2000} value={gapMs} onChange={(e) => setGapMs(Number(e.target.value))} /></label>
              )}
            </>
          )}
          {view.serial.ports.length === 0 && <p className="field-note span-all" data-no-ports="">{t('serialNoPorts')}</p>}
          {view.serial.listedBy === 'device-files' && <p className="field-note span-all">{t('serialListedByFiles')}</p>}
        </>
      )}
      <p className="span-all" data-serial-status={status ? (status.connected ? 'connected' : 'disconnected') : 'none'}>
        {status ? `${status.connected ? '✓' : '✗'} ${t(status.connected ? 'serialConnected' : 'serialDisconnected', { path: status.path })}` : t('serialStatusNone')}
        {status?.problem ? ` · ${t(`serialProblem_${status.problem}`)}` : ''}
      </p>
      <p className="field-note span-all">{t('serialAccess')}</p>
      {view.screens.available ? (
        <>
          <label>{t('entrantScreen')}
            <select data-field="entrant-screen" value={String(screen)} onChange={(e) => setScreen(e.target.value === 'off' || e.target.value === 'auto' ? e.target.value : Number(e.target.value))}>
              <option value="off">{t('entrantOff')}</option>
              <option value="auto">{t('entrantAuto')}</option>
              {view.screens.list.map((s) => <option key={s.id} value={s.id}>{s.label}</option>)}
            </select>
          </label>
          <p className="field-note" data-entrant-showing={view.screens.showingOn ?? ''}>
            {view.screens.showingOn !== undefined ? t('entrantShowing', { screen: screenName(view.screens.showingOn) }) : view.screens.configured !== 'off' ? t('entrantWaiting') : ''}
          </p>
        </>
      ) : (
        <p className="field-note span-all" data-entrant-browser="">
          {t('entrantBrowser')} {/* With its opener (our own page): the new tab gets this one's session, the host's token with it. */}
          <a href="/display" target="_blank" rel="opener" data-action="open-display">{t('openDisplay')}</a>
        </p>
      )}
      <div className="span-all dialog-buttons">
        <button type="button" data-action="refresh-ports" onClick={() => void load(false)}>{t('refreshPorts')}</button>
        <button type="button" className="primary" data-action="save-devices" onClick={() => void save()}>{t('saveDevices')}</button>
      </div>
    </section>
  );
}
