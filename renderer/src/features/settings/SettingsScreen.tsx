import { useState, type FormEvent } from 'react';
import { gate, type ImportReport, type ProfileInput, type SettingsView, type StationInfo } from '../../gate';
import { oneOf } from '../../forms';
import { VENUE_KINDS } from '../../../../electron/core/rules/types';
import { ErrorBanner, type ShownError } from '../../components/ErrorBanner';
import { ClockJumpBanner, srcWord } from '../scan-station/StationBanners';
import { DataSources } from './DataSources';
import { DevicesSection } from './DevicesSection';
import { FilePicker } from '../../components/FilePicker';
import { ROSTER_CATEGORY_NAMES, type RosterListing } from '../../../../electron/core/roster/columns';
import { CATEGORY_WORDS } from '../../../../electron/core/rules/words';
import { setBilingual, useWords } from '../../words';
import i18n from '../../i18n';
import { useInputLayer } from '../input/InputRouter';

/** Settings behind the admin PIN: profile, operators, trust import, retention, sounds, language. */
export function SettingsScreen({ station, onBack }: { station: StationInfo; onBack: () => void }) {
  // A scan here is not an entrant's: it never lands in a field, and the screen says it was ignored.
  useInputLayer({ onScan: 'ignore' });
  const { t, w, lang } = useWords();
  const [pin, setPin] = useState('');
  const [view, setView] = useState<SettingsView>();
  const [error, setError] = useState<ShownError>();
  const [notice, setNotice] = useState<string>();
  const fail = (e: ShownError) => setError(e);

  async function unlock(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const r = await gate.getSettings({ adminPin: pin });
    if (r.ok) {
      setView(r.value);
      setError(undefined);
    } else fail(r.error);
  }

  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const str = (k: string) => String(f.get(k) ?? '').trim();
    const num = (k: string) => Number(str(k));
    if (!view) return;
    const venueKind = oneOf(VENUE_KINDS, str('venueKind')) ?? view.profile.venueKind;
    // The directive and its requirements belong to a local-rule profile only; any other kind follows the national rule.
    const { localDirective, localRequirements, ...national } = view.profile;
    const profile: ProfileInput = {
      ...national, venueKind, pack: str('pack') || national.pack, natWindowHours: num('natWindowHours'), acceptAntigen: f.get('acceptAntigen') === 'on',
      ...(venueKind === 'local-rule' ? { localDirective, localRequirements } : {}),
    };
    const r = await gate.saveSettings({
      adminPin: pin,
      changes: {
        venueName: str('venueName'), stationName: str('stationName'), profile, retentionDays: num('retentionDays'), feverThresholdC: num('feverThresholdC'),
        visitingUntil: str('visitingUntil'), insideStaff: str('insideStaff') === 'hidden' ? 'hidden' : 'apart', gateMode: str('gateMode') === 'exit' ? 'exit' : 'both',
        ...(str('exportDir') ? { exportDir: str('exportDir') } : {}),
        ui: { language: str('language') === 'en' ? 'en' : 'zh', bilingual: f.get('bilingual') === 'on', sounds: f.get('sounds') === 'on', speech: f.get('speech') === 'on', clearAfterSeconds: num('clearAfterSeconds'), lockAfterMinutes: num('lockAfterMinutes') },
        ...(str('newOperatorName') && str('newOperatorPin') ? { addOperator: { name: str('newOperatorName'), pin: str('newOperatorPin') } } : {}),
      },
    });
    if (r.ok) {
      // The language and subtitles change at once, here too (not only once Settings is left).
      setBilingual(r.value.ui.bilingual === true);
      await i18n.changeLanguage(r.value.ui.language);
      setView(r.value);
      setNotice(t('saved', { lng: r.value.ui.language }));
      setSavedNote(t('saved', { lng: r.value.ui.language }));
    } else fail(r.error);
  }

  async function confirmClock() {
    const r = await gate.saveSettings({ adminPin: pin, changes: { confirmClock: true } });
    if (r.ok) {
      setView(r.value);
      setNotice(t('saved'));
    } else fail(r.error);
  }

  async function remove(name: string) {
    const r = await gate.saveSettings({ adminPin: pin, changes: { removeOperator: name } });
    if (r.ok) setView(r.value);
    else fail(r.error);
  }

  const [savedNote, setSavedNote] = useState<string>();
  const [rosterFile, setRosterFile] = useState<{ file: File; kind: 'roster' | 'results'; report: ImportReport }>();
  // The import's result is shown in the import section itself, where the admin is looking.
  const [importResult, setImportResult] = useState<string>();

  async function bytesOf(file: File): Promise<string> {
    const bytes = new Uint8Array(await file.arrayBuffer());
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(bin);
  }

  async function previewRoster(kind: 'roster' | 'results', file: File | undefined) {
    if (!file) return;
    setImportResult(undefined);
    const r = await gate.importRoster({ adminPin: pin, kind, fileName: file.name, contentBase64: await bytesOf(file), commit: false });
    if (r.ok) setRosterFile({ file, kind, report: r.value });
    else fail(r.error);
  }

  async function commitRoster() {
    if (!rosterFile) return;
    const { file, kind } = rosterFile;
    const r = await gate.importRoster({ adminPin: pin, kind, fileName: file.name, contentBase64: await bytesOf(file), commit: true });
    if (r.ok) {
      setRosterFile(undefined);
      setImportResult(t('importDone', { valid: r.value.valid, added: r.value.added }));
      if (roster) void listRoster();
    } else fail(r.error);
  }

  const [roster, setRoster] = useState<{ people: RosterListing[]; total: number; results: number }>();
  const [confirmClear, setConfirmClear] = useState(false);
  // Joining the venue's shared register: the admin's URL is used once and not kept.
  const [venueUrl, setVenueUrl] = useState('');
  const [venueStation, setVenueStation] = useState(station.stationName);
  const [venueCode, setVenueCode] = useState('');
  const [venuePassword, setVenuePassword] = useState('');
  const [joined, setJoined] = useState(station.venue);
  async function joinVenue() {
    const r = await gate.joinVenue({ adminPin: pin, url: venueUrl, stationName: venueStation, joinCode: venueCode, ...(venuePassword ? { dbPassword: venuePassword } : {}) });
    if (r.ok) {
      setJoined(r.value);
      setVenueUrl('');
      setError(undefined);
    } else fail(r.error);
  }
  async function listRoster() {
    const r = await gate.listRoster({ adminPin: pin });
    if (r.ok) setRoster(r.value);
    else fail(r.error);
  }
  async function removeFromRoster(input: { id: number } | { all: true }) {
    const r = await gate.removeRoster({ adminPin: pin, ...input });
    setConfirmClear(false);
    if (!r.ok) return fail(r.error);
    setImportResult(t('rosterRemoved', { people: r.value.people, results: r.value.results }));
    await listRoster();
  }

  /** Reads the settings again (after an import changed the trust data or the packs). */
  async function reread() {
    const r = await gate.getSettings({ adminPin: pin });
    if (r.ok) setView(r.value);
    else fail(r.error);
  }

  async function makeSupportBundle() {
    const r = await gate.diagnose({ adminPin: pin });
    if (r.ok) setNotice(t('supportMade', { path: r.value.path }));
    else fail(r.error);
  }

  async function importFile(file: File | undefined) {
    if (!file) return;
    const r = await gate.importTrust({ adminPin: pin, fileName: file.name, content: await file.text() });
    if (r.ok) {
      await reread();
      // What this file held, kind by kind with its own count and date; then what the station trusts in all.
      const held = r.value.imported.map((x) => t('trustImportedItem', { what: t(srcWord(x.kind)), name: x.name, n: x.count, date: x.date?.slice(0, 10) ?? '—' })).join('；');
      setNotice(`${t('trustImported', { items: held })} ${t('trustInfo', { eu: r.value.euSigners, smart: r.value.smartIssuers, date: r.value.date?.slice(0, 10) ?? '—' })}`);
    } else fail(r.error);
  }

  return (
    <main className="app form-screen" data-screen="settings">
      <header className="topbar"><h1>{t('settings')} · {station.venueName}</h1><button type="button" onClick={onBack}>{t('back')}</button></header>
      <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
      {notice && <div className="notice" role="status" data-notice="settings">{notice}</div>}
      {!view ? (
        <form onSubmit={(e) => void unlock(e)} className="form-grid narrow" aria-label={t('settings')}>
          <label>{t('adminPin')}<input type="password" inputMode="numeric" autoFocus value={pin} onChange={(e) => setPin(e.target.value)} /></label>
          <button type="submit" className="primary">{t('open')}</button>
        </form>
      ) : (
        <>
          {view.clockJump && (
            <div className="clock-jump">
              <ClockJumpBanner jump={view.clockJump} timeZone={station.timeZone} />
              <button type="button" className="primary" onClick={() => void confirmClock()}>{t('confirmClock')}</button>
            </div>
          )}
          <form onSubmit={(e) => void save(e)} className="form-grid" aria-label={t('settings')}>
            <label>{t('venueName')}<input name="venueName" defaultValue={view.venueName} required /></label>
            <label>{t('stationName')}<input name="stationName" defaultValue={view.stationName} required /></label>
            <label>{t('venueKind')}<select name="venueKind" defaultValue={view.profile.venueKind}>{VENUE_KINDS.map((k) => <option key={k} value={k}>{t(`kind_${k}`)}</option>)}</select></label>
            <label>{t('packs')}<select name="pack" defaultValue={view.profile.pack}>{oneEachSeries(view.packs, view.profile.pack).map((p) => <option key={p.id} value={p.id}>{w(p.title)}</option>)}</select></label>
            <label>{t('natWindow')}<input name="natWindowHours" type="number" min={1} max={168} defaultValue={view.profile.natWindowHours} /></label>
            <label className="check"><input type="checkbox" name="acceptAntigen" defaultChecked={view.profile.acceptAntigen} />{t('acceptAntigen')}</label>
            <label>{t('retention')}<input name="retentionDays" type="number" min={1} max={3650} defaultValue={view.retentionDays} /></label>
            <label>{t('feverThreshold')}<input name="feverThresholdC" type="number" min={37} max={38.5} step={0.1} defaultValue={view.feverThresholdC} /></label>
            <label>{t('visitingUntilLabel')}<input name="visitingUntil" type="time" data-field="visiting-until" defaultValue={view.visitingUntil ?? ''} /></label>
            <label>{t('insideStaffLabel')}<select name="insideStaff" data-field="inside-staff" defaultValue={view.insideStaff}><option value="apart">{t('insideStaffApart')}</option><option value="hidden">{t('insideStaffHidden')}</option></select></label>
            <label>{t('gateModeLabel')}<select name="gateMode" data-field="gate-mode" defaultValue={view.gateMode}><option value="both">{t('gateModeBoth')}</option><option value="exit">{t('gateModeExit')}</option></select></label>
            <label>{t('exportDir')}<input name="exportDir" defaultValue={view.exportDir} /></label>
            <label>{t('language')}<select name="language" defaultValue={view.ui.language}><option value="zh">中文</option><option value="en">English</option></select></label>
            <label className="check"><input type="checkbox" name="bilingual" defaultChecked={view.ui.bilingual === true} />{t('bilingual')}</label>
            <label className="check"><input type="checkbox" name="sounds" defaultChecked={view.ui.sounds} />{t('sounds')}</label>
            <label className="check"><input type="checkbox" name="speech" defaultChecked={view.ui.speech} />{t('speech')}</label>
            <label>{t('clearAfter')}<input name="clearAfterSeconds" type="number" min={3} max={600} defaultValue={view.ui.clearAfterSeconds} /></label>
            <label>{t('lockAfter')}<input name="lockAfterMinutes" type="number" min={1} max={240} defaultValue={view.ui.lockAfterMinutes} /></label>
            <fieldset>
              <legend>{t('operators')}</legend>
              <ul>{view.operators.map((o) => <li key={o}>{o} <button type="button" onClick={() => void remove(o)}>{t('remove')}</button></li>)}</ul>
              <label>{t('addOperator')}<input name="newOperatorName" maxLength={30} /></label>
              <label>{t('pin')}<input name="newOperatorPin" type="password" inputMode="numeric" pattern="\d{4,12}" /></label>
            </fieldset>
            <div className="dialog-buttons">
              <button type="submit" className="primary">{t('save')}</button>
              {/* Said beside the button too: after a save the top of the page is out of sight. */}
              {savedNote && <span className="notice inline" role="status" data-notice="settings-inline">{savedNote}</span>}
            </div>
          </form>
          <section className="form-grid">
            <p data-trust-info="">{t('trustInfo', { eu: view.trust.euSigners, smart: view.trust.smartIssuers, date: view.trust.date ?? '—' })}</p>
            {view.trust.expiredSigners.length > 0 && (
              <p className="field-note span-all" data-expired-signers={view.trust.expiredSigners.length}>
                {t('expiredSigners', { n: view.trust.expiredSigners.length })} {view.trust.expiredSigners.slice(0, 10).map((x) => `${x.country} ${x.kid} (${x.notAfter.slice(0, 10)})`).join('；')}
              </p>
            )}
            <FilePicker label={t('trustImport')} accept=".json,application/json" onFile={(f) => void importFile(f)} />
          </section>
          <DataSources view={view} pin={pin} onChanged={reread} onNotice={setNotice} onError={fail} />
          <DevicesSection pin={pin} onNotice={setNotice} onError={fail} />
          <section className="form-grid" aria-label={t('rosterImport')}>
            <FilePicker label={t('rosterImport')} importKind="roster" accept=".csv,.xlsx" onFile={(f) => void previewRoster('roster', f)} />
            <FilePicker label={t('resultsImport')} importKind="results" accept=".csv,.xlsx" onFile={(f) => void previewRoster('results', f)} />
            <p className="field-note span-all" data-accepted-categories="">
              {t('acceptedCategories')} {ROSTER_CATEGORY_NAMES.map(([c, names]) => `${w(CATEGORY_WORDS[c])}${lang === 'zh' ? '：' : ': '}${names.join(' / ')}`).join(lang === 'zh' ? '；' : '; ')}
            </p>
            {importResult && <p className="notice span-all" role="status" data-import-result="">{importResult}</p>}
            {rosterFile && (
              <div className="import-preview span-all" data-preview={rosterFile.kind}>
                <p>{t('importPreview', { rows: rosterFile.report.rows, valid: rosterFile.report.valid, errors: rosterFile.report.errorRows })}</p>
                {rosterFile.report.validRows.length > 0 && (
                  <table className="register-table" data-valid-rows="">
                    <thead><tr><th>{t('rowNumber')}</th><th>{t('name')}</th><th>{t('idNumber')}</th><th>{rosterFile.kind === 'roster' ? t('category') : t('samplingTime')}</th><th>{rosterFile.kind === 'roster' ? t('badge') : t('result')}</th></tr></thead>
                    <tbody>
                      {rosterFile.report.validRows.map((v) => (
                        <tr key={v.row}><td>{v.row}</td><td>{v.name ?? ''}</td><td>{v.idMasked ?? ''}</td>
                          <td>{v.category ? w(CATEGORY_WORDS[v.category]) : v.sampledMs ? new Date(v.sampledMs).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: station.timeZone, hour12: false }) : ''}</td>
                          <td>{v.badge ?? (v.result ? `${t(v.method ?? 'nat')} ${t(v.result)}` : '')}</td></tr>
                      ))}
                    </tbody>
                  </table>
                )}
                <ul>{rosterFile.report.errors.slice(0, 20).map((e) => <li key={`${e.row}-${e.column}`} className="field-error">{t('rowError', lang === 'en' && e.en ? { row: e.row, column: e.en.column, message: e.en.message } : { row: e.row, column: e.column, message: e.message })}</li>)}</ul>
                <button type="button" className="primary" onClick={() => void commitRoster()}>{t('importCommit', { valid: rosterFile.report.valid })}</button>
              </div>
            )}
          </section>
          <section className="form-grid" aria-label={t('supportSection')} data-support="">
            <h3 className="span-all">{t('supportSection')}</h3>
            <p className="field-note span-all">{t('supportNote')}</p>
            <div className="span-all dialog-buttons">
              <button type="button" data-action="support-bundle" onClick={() => void makeSupportBundle()}>{t('supportBundle')}</button>
            </div>
          </section>
          <section className="form-grid" aria-label={t('venueSection')} data-venue="">
            <h3 className="span-all">{t('venueSection')}</h3>
            {joined ? (
              <p className="span-all" data-venue-joined={joined.venueName}>
                {t('venueJoined', { venue: joined.venueName, n: joined.pending })}
              </p>
            ) : (
              <>
                <label>{t('venueUrl')}<input type="password" autoComplete="off" spellCheck={false} value={venueUrl} onChange={(e) => setVenueUrl(e.target.value)} /></label>
                <label>{t('venueDbPassword')}<input type="password" autoComplete="off" value={venuePassword} onChange={(e) => setVenuePassword(e.target.value)} data-field="venue-db-password" /></label>
                <label>{t('venueStationName')}<input value={venueStation} onChange={(e) => setVenueStation(e.target.value)} /></label>
                <label>{t('venueJoinCode')}<input autoComplete="off" spellCheck={false} value={venueCode} onChange={(e) => setVenueCode(e.target.value)} data-field="venue-join-code" placeholder="GC1-…" /></label>
                <p className="field-note span-all">{t('venueJoinNote')}</p>
                <div className="span-all dialog-buttons">
                  <button type="button" className="primary" disabled={!venueUrl || !venueStation.trim() || venueCode.trim().length < 10} onClick={() => void joinVenue()}>{t('venueJoin')}</button>
                </div>
              </>
            )}
          </section>
          <section className="form-grid" aria-label={t('rosterList')}>
            <div className="span-all dialog-buttons">
              <button type="button" onClick={() => void listRoster()}>{t('rosterList')}</button>
              {roster && roster.total > 0 && (confirmClear
                ? <button type="button" className="danger" onClick={() => void removeFromRoster({ all: true })}>{t('rosterClearConfirm', { n: roster.total })}</button>
                : <button type="button" onClick={() => setConfirmClear(true)}>{t('rosterClear')}</button>)}
            </div>
            {roster && (
              <div className="span-all" data-roster="">
                <p>{t('rosterCount', { people: roster.total, results: roster.results })}</p>
                <table className="register-table">
                  <thead><tr><th>{t('name')}</th><th>{t('category')}</th><th>{t('idNumber')}</th><th>{t('badge')}</th><th /></tr></thead>
                  <tbody>
                    {roster.people.map((p) => (
                      <tr key={p.id} data-person={p.id}><td>{p.name}</td><td>{w(CATEGORY_WORDS[p.category])}</td><td>{p.idMasked ?? ''}</td><td>{p.badge ?? ''}</td>
                        <td><button type="button" onClick={() => void removeFromRoster({ id: p.id })}>{t('remove')}</button></td></tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </main>
  );
}

/** One pack per series to choose from (a series moves to its newer packs by itself), the configured one for its own. */
function oneEachSeries(packs: SettingsView['packs'], configured: string): SettingsView['packs'] {
  const bySeries = new Map<string, SettingsView['packs'][number]>();
  for (const p of packs) if (!bySeries.has(p.series) || p.id === configured) bySeries.set(p.series, p);
  return [...bySeries.values()];
}
