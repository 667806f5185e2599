import { useEffect, useState } from 'react';
import { gate, type DisplayState, type StationInfo } from '../../gate';
import { OUTCOME_WORDS, ROUTE_WORDS } from '../../../../electron/core/rules/words';
import i18n from '../../i18n';
import { setBilingual, useWords } from '../../words';

/** What the entrant is to do next, by outcome (and route): the words on the screen that faces them. */
function nextStep(s: DisplayState): string {
  if (s.state === 'exit') return s.matched ? 'displayExit' : 'displayExitUnmatched';
  if (s.route === 'fever-clinic') return 'displayFeverClinic';
  if (s.route === 'on-site-test') return 'displayOnSiteTest';
  switch (s.outcome) {
    case 'admit': return 'displayAdmit';
    case 'admit-emergency': return 'displayEmergency';
    case 'need': return 'displayNeed';
    case 'refuse': return 'displayRefuse';
    default: return 'displayWait';
  }
}

/**
 * The screen that faces the entrant (issue 32): `/display` on the station's host, a second window in Electron. It
 * follows the station's outcome in large colour, icon and words, says what to do next and the gate's name, and shows
 * nothing personal: no name, ID number, birth date or certificate content ever reaches it. Idle or locked: a welcome.
 */
export function DisplayScreen() {
  const { t, w, sub, tSub } = useWords();
  const [station, setStation] = useState<StationInfo>();
  const [shown, setShown] = useState<DisplayState>({ state: 'idle' });
  useEffect(() => {
    void gate.station({}).then((r) => {
      if (!r.ok) return;
      setStation(r.value);
      setBilingual(r.value.ui.bilingual === true);
      void i18n.changeLanguage(r.value.ui.language);
    });
    return gate.on('display', setShown);
  }, []);

  const gateName = station ? `${station.venueName} · ${station.stationName}` : '';
  if (shown.state === 'idle') {
    return (
      <main className="display display-idle" data-screen="display" data-outcome="idle">
        <div className="display-title">{t('displayWelcome')}</div>
        {tSub('displayWelcome') && <div className="display-sub">{tSub('displayWelcome')}</div>}
        <div className="display-gate">{gateName}</div>
        <div className="display-next">{t('displayShowCode')}</div>
        {tSub('displayShowCode') && <div className="display-sub">{tSub('displayShowCode')}</div>}
      </main>
    );
  }
  const words = shown.state === 'exit' ? { zh: '离场', en: 'Exit', icon: '⇥' } : OUTCOME_WORDS[shown.outcome ?? 'need'];
  const titleWords = shown.state === 'outcome' && shown.route ? ROUTE_WORDS[shown.route] : words;
  const outcome = shown.state === 'exit' ? 'exit' : shown.outcome ?? 'need';
  return (
    <main className={`display outcome-${outcome}`} data-screen="display" data-outcome={outcome} data-route={shown.route ?? ''}>
      <div className="display-head">
        <span className="display-icon" aria-hidden="true">{words.icon}</span>
        <span className="display-title">{w(titleWords)}</span>
      </div>
      {sub(titleWords) && <div className="display-sub">{sub(titleWords)}</div>}
      <div className="display-next">{t(nextStep(shown))}</div>
      {tSub(nextStep(shown)) && <div className="display-sub">{tSub(nextStep(shown))}</div>}
      <div className="display-gate">{gateName}</div>
    </main>
  );
}
