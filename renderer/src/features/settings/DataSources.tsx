// Settings: the policy packs (with the import of a signed one) and every dated source the checks rely on — trust
// lists, EU value sets, revocation lists, packs — with its date, where it came from and whether it is current.
import type { SettingsView } from '../../gate';
import { gate } from '../../gate';
import type { ShownError } from '../../components/ErrorBanner';
import { useWords } from '../../words';
import { srcWord } from '../scan-station/StationBanners';
import { FilePicker } from '../../components/FilePicker';

export function DataSources({ view, pin, onChanged, onNotice, onError }: {
  view: SettingsView;
  pin: string;
  /** Reads the settings again (after an import). */
  onChanged: () => Promise<void>;
  onNotice: (text: string) => void;
  onError: (error: ShownError) => void;
}) {
  const { t, w } = useWords();

  async function importPack(file: File | undefined) {
    if (!file) return;
    const r = await gate.importPack({ adminPin: pin, fileName: file.name, content: await file.text() });
    if (!r.ok) return onError(r.error);
    await onChanged();
    onNotice(t('packImported', { title: w(r.value.imported.title), version: r.value.imported.version, from: r.value.imported.effectiveFrom }));
  }

  const status = (x: SettingsView['sources'][number]) =>
    x.isStale ? t('srcStale') : !x.inForce ? t('srcReplaced') : x.inUse ? t('srcInUse') : t('srcNotInUse');
  return (
    <>
      <section className="form-grid" aria-label={t('packs')}>
        <table className="register-table span-all" data-packs="">
          <caption>{t('packs')}</caption>
          <thead><tr><th>{t('srcName')}</th><th>{t('packEffective')}</th><th>{t('srcOrigin')}</th><th>{t('packPublisher')}</th></tr></thead>
          <tbody>
            {view.packs.map((p) => (
              <tr key={`${p.id}-${p.version}`} data-pack={p.id}>
                <td>{w(p.title)} <span className="muted">{p.id} v{p.version}</span></td>
                <td>{p.effectiveFrom} – {p.effectiveTo ?? ''}</td>
                <td>{t(`origin_${p.origin}`)}</td>
                <td>{p.publisher ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {view.packProblems.length > 0 && (
          <p className="field-note span-all" role="alert" data-pack-problems={view.packProblems.length}>{t('packProblems')} {view.packProblems.join('；')}</p>
        )}
        <FilePicker label={t('packImport')} importKind="pack" accept=".json,application/json" onFile={(f) => void importPack(f)} />
      </section>
      <section className="form-grid" aria-label={t('dataSources')}>
        <table className="register-table span-all" data-sources="">
          <caption>{t('dataSources')}</caption>
          <thead><tr><th>{t('srcKind')}</th><th>{t('srcName')}</th><th>{t('srcDate')}</th><th>{t('srcOrigin')}</th><th>{t('srcStatus')}</th></tr></thead>
          <tbody>
            {view.sources.map((x, i) => (
              <tr key={i} data-source={x.kind} data-stale={x.isStale ? 'true' : 'false'}>
                <td>{t(srcWord(x.kind))}</td>
                <td>{x.name}{x.count !== undefined ? ` (${x.count})` : ''}</td>
                <td className="date">{x.date?.slice(0, 10) ?? '—'}</td>
                <td>{t(`origin_${x.origin.replace(/-/g, '_')}`)}{x.file && x.kind !== 'pack' ? ` · ${x.file}` : ''}</td>
                <td className={x.isStale ? 'stale' : undefined}>{status(x)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
