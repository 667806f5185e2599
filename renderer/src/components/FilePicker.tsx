// A file field whose words are the station's (选择文件 / 未选择文件, or English), never the browser's own: Chromium
// labels a bare <input type="file"> in its own locale, whatever language the station is set to. The real input stays
// in the label (keyboard focus, Enter or Space opens the picker, tests set files on it); only its native look is hidden.
import { useState } from 'react';
import { useWords } from '../words';

export function FilePicker({ label, accept, onFile, importKind }: { label: string; accept: string; onFile: (file: File | undefined) => void; importKind?: string }) {
  const { t } = useWords();
  const [name, setName] = useState<string>();
  return (
    <label className="file-picker">
      {label}
      <span className="file-row">
        <span className="file-button" aria-hidden="true">{t('chooseFile')}</span>
        <span className="file-name" data-file-name={name ?? ''}>{name ?? t('noFileChosen')}</span>
      </span>
      <input type="file" className="file-input" accept={accept} data-import={importKind} onChange={(e) => {
        const file = e.target.files?.[0];
        setName(file?.name);
        onFile(file);
      }} />
    </label>
  );
}
