import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { gate, type ProfileInput } from '../../gate';
import { VENUE_KINDS, type VenueKind } from '../../../../electron/core/rules/types';
import { ErrorBanner, type ShownError } from '../../components/ErrorBanner';
import { useInputLayer } from '../input/InputRouter';

/** First run: everything the station needs, on one keyboard-friendly form (Tab between fields, Enter to finish). */
export function SetupWizard({ onDone }: { onDone: () => void }) {
  // A scan here is not an entrant's: it never lands in a field, and the screen says it was ignored.
  useInputLayer({ onScan: 'ignore' });
  const { t, i18n } = useTranslation();
  const [error, setError] = useState<ShownError>();
  const [kind, setKind] = useState<VenueKind>('eldercare');

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const str = (k: string) => String(f.get(k) ?? '').trim();
    const local = (key: string) => setError({ code: 'INVALID_INPUT', message: t(key, { lng: 'zh' }), messageEn: t(key, { lng: 'en' }) });
    if (str('adminPin') !== str('adminPinAgain')) return local('adminPinMismatch');
    if (str('operatorPin') === str('adminPin')) return local('operatorPinIsAdmin');
    const profile: ProfileInput = {
      pack: 'cn-2022-12-07', venueKind: kind, natWindowHours: Number(str('natWindowHours')), acceptAntigen: f.get('acceptAntigen') === 'on', antigenWindowHours: 24,
      ...(kind === 'local-rule' ? {
        localDirective: { reference: str('directiveRef'), date: str('directiveDate') },
        localRequirements: { test: f.get('localTest') === 'on', healthCode: f.get('localCode') === 'on', mayRefuse: true },
      } : {}),
    };
    const r = await gate.setup({
      venueName: str('venueName'), stationName: str('stationName'), profile, retentionDays: Number(str('retentionDays')),
      ...(str('exportDir') ? { exportDir: str('exportDir') } : {}),
      adminPin: str('adminPin'), operator: { name: str('operatorName'), pin: str('operatorPin') },
      language: i18n.language === 'en' ? 'en' : 'zh',
    });
    if (r.ok) onDone();
    else setError(r.error);
  }

  return (
    <main className="app form-screen">
      <h1>{t('setupTitle')} <span className="en">{t('appTitle')}</span></h1>
      <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
      <form onSubmit={(e) => void submit(e)} className="form-grid" aria-label={t('setupTitle')}>
        <label className="span-all">{t('wizardLanguage')}
          <select name="language" value={i18n.language === 'en' ? 'en' : 'zh'} onChange={(e) => void i18n.changeLanguage(e.target.value)}>
            <option value="zh">中文</option>
            <option value="en">English</option>
          </select>
        </label>
        <label>{t('venueName')}<input name="venueName" required autoFocus maxLength={100} /></label>
        <label>{t('stationName')}<input name="stationName" required maxLength={50} /></label>
        <label>{t('venueKind')}
          <select name="venueKind" value={kind} onChange={(e) => setKind(e.target.value as VenueKind)}>
            {VENUE_KINDS.map((k) => <option key={k} value={k}>{t(`kind_${k}`)}</option>)}
          </select>
        </label>
        <label>{t('pack')}<select name="pack" defaultValue="cn-2022-12-07"><option value="cn-2022-12-07">{t('pack_cn-2022-12-07')}</option></select></label>
        <label>{t('natWindow')}
          <select name="natWindowHours" defaultValue="48">{[24, 48, 72].map((h) => <option key={h} value={h}>{h}</option>)}</select>
        </label>
        <label className="check"><input type="checkbox" name="acceptAntigen" />{t('acceptAntigen')}</label>
        {kind === 'local-rule' && (
          <>
            <label>{t('directiveRef')}<input name="directiveRef" required /></label>
            <label>{t('directiveDate')}<input name="directiveDate" type="date" required /></label>
            <label className="check"><input type="checkbox" name="localTest" defaultChecked />{t('localTest')}</label>
            <label className="check"><input type="checkbox" name="localCode" />{t('localCode')}</label>
            <p className="warning-banner">{t('stricter')}</p>
          </>
        )}
        <label>{t('retention')}<input name="retentionDays" type="number" min={1} max={3650} defaultValue={30} required /></label>
        <label>{t('exportDir')}<input name="exportDir" /></label>
        <p className="field-note span-all" id="pin-rule">{t('pinRule')}</p>
        <label>{t('adminPin')}<input name="adminPin" type="password" inputMode="numeric" pattern="\d{6,12}" required aria-describedby="pin-rule" /></label>
        <label>{t('adminPinAgain')}<input name="adminPinAgain" type="password" inputMode="numeric" pattern="\d{6,12}" required /></label>
        <label>{t('firstOperator')}<input name="operatorName" required maxLength={30} /></label>
        <label>{t('operator')} {t('pin')}<input name="operatorPin" type="password" inputMode="numeric" pattern="\d{4,12}" required aria-describedby="pin-rule" /></label>
        {/* Kept in view at the bottom of a 768-pixel screen, however long the form. */}
        <div className="sticky-actions span-all"><button type="submit" className="primary">{t('finishSetup')}</button></div>
      </form>
    </main>
  );
}
