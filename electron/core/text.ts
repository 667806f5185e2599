// Text cut for a message or a register: at most so many characters, counted as people see them on the screen (code
// points: never half of a surrogate pair), and an ellipsis where something was cut.

/** `text` whole when it has at most `max` characters, else its first `max` and "…". */
export function cutText(text: string, max: number): string {
  // Most texts are short: no array of characters is built for them (a UTF-16 length within `max` is within it).
  if (text.length <= max) return text;
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…`;
}
