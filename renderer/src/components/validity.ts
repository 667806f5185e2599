// The browser's own validation bubbles ("Please fill out this field") speak the browser's locale, not the station's.
// One listener, for every form: when a field is found invalid, its message is set in the station's language from
// what is wrong with it (the browser still shows the bubble and keeps the focus on the field).
type Translate = (key: string, options?: Record<string, unknown>) => string;

function messageOf(el: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, t: Translate): string {
  const v = el.validity;
  if (v.valueMissing) return t('fieldRequired');
  if (v.patternMismatch) return el.title || t('fieldPattern');
  if (v.rangeUnderflow && 'min' in el) return t('fieldMin', { n: el.min });
  if (v.rangeOverflow && 'max' in el) return t('fieldMax', { n: el.max });
  if (v.stepMismatch) return t('fieldStep');
  if (v.tooLong || v.tooShort) return t('fieldLength');
  if (v.typeMismatch || v.badInput) return t('fieldFormat');
  return '';
}

/** Installs the listener on `root` (the document); returns the uninstall. */
export function installValidityMessages(root: Document, t: Translate): () => void {
  const onInvalid = (e: Event) => {
    const el = e.target;
    if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement)) return;
    el.setCustomValidity('');
    if (!el.validity.valid) el.setCustomValidity(messageOf(el, t));
  };
  // A custom message makes a field invalid until it is cleared: cleared as soon as the field changes.
  const onInput = (e: Event) => {
    const el = e.target;
    if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement) el.setCustomValidity('');
  };
  root.addEventListener('invalid', onInvalid, true);
  root.addEventListener('input', onInput, true);
  root.addEventListener('change', onInput, true);
  return () => {
    root.removeEventListener('invalid', onInvalid, true);
    root.removeEventListener('input', onInput, true);
    root.removeEventListener('change', onInput, true);
  };
}
