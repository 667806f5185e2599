// Text for messages, lists and the register: cut to at most so many characters, counted as people see them on the
// screen (code points: never half of a surrogate pair), with an ellipsis where something was cut; and any value from a
// hostile document shown as text without throwing.

/** `text` whole when it has at most `max` characters, else its first `max` and "…". */
export function cutText(text: string, max: number): string {
  // Most texts are short: no array of characters is built for them (a UTF-16 length within `max` is within it).
  if (text.length <= max) return text;
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…`;
}

/**
 * Any value from a hostile document (a certificate's JSON or CBOR) as text for a message, at most `max` characters:
 * a string as it is, anything else as JSON. Never throws: `String(x)` does on an object whose `toString` is no function
 * (`{"toString": 0}`), `JSON.stringify` on a bigint.
 */
export function valueText(raw: unknown, max = 80): string {
  if (typeof raw === 'string') return cutText(raw, max);
  if (typeof raw === 'bigint') return cutText(`${raw}`, max);
  let json: string | undefined;
  try {
    json = JSON.stringify(raw);
  } catch {
    json = undefined;
  }
  return cutText(json ?? (typeof raw === 'object' && raw !== null ? Object.prototype.toString.call(raw) : String(raw)), max);
}
