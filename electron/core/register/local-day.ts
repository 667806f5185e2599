/** The venue's local calendar day (YYYY-MM-DD) of an instant; the register's days and exports follow it. */
export function localDayOf(atMs: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(atMs);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
