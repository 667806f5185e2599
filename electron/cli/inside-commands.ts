// Who is inside, from the command line: `exit` records a person leaving (the same inputs as `check`), `inside` lists
// who is inside now, as text, JSON or the evacuation CSV.
import { readFileSync, writeFileSync } from 'node:fs';
import type { InsideView } from '../api/views';
import { localDayOf } from '../core/register/local-day';
import { z } from 'zod';
import { CATEGORIES } from '../core/rules/types';
import { parseProfile } from '../core/rules/profile';
import { CATEGORY_WORDS } from '../core/rules/words';
import { hoursMinutes } from '../core/register/inside';
import { saveStationConfig } from '../main/services/station-config';
import { clockTimeOf } from '../main/services/register';
import { parseNow, readPayloads } from './check-commands';
import { call, cliOperator, guarded, parseOptions, readJsonFile, UsageError, withGate, type Command } from './shared';

export const exitCommand: Command = {
  summary: 'record an exit: the same credential, badge or ID as on the way in (no proof is checked); exit code 1 when no entrant matches',
  usage: 'npm run -s cli -- exit --data-dir DIR [--profile PROFILE.json] [--category CAT] [--trust FILE_OR_DIR]... [--now ISO-8601]\n' +
    '                         [--operator NAME] [--venue-name NAME] [--station NAME] PAYLOAD|@FILE\n' +
    '  the same inputs as `check`; --profile only to set up a new data folder. Prints the exit as JSON.\n' +
    '  0: matched to an entrant inside; 1: no entrant matched (the exit is recorded all the same)',
  run: (args, io) =>
    guarded(io, async () => {
      const { values, positionals } = parseOptions({
        args, strict: true, allowPositionals: true,
        options: {
          'data-dir': { type: 'string' }, profile: { type: 'string' }, category: { type: 'string' }, trust: { type: 'string', multiple: true },
          now: { type: 'string' }, operator: { type: 'string' }, 'venue-name': { type: 'string' }, station: { type: 'string' },
        },
      });
      if (!values['data-dir']) throw new UsageError('--data-dir DIR is required');
      const category = values.category === undefined ? undefined : z.enum(CATEGORIES).safeParse(values.category);
      if (category && !category.success) throw new UsageError(`--category must be one of ${CATEGORIES.join(', ')}`);
      const profile = values.profile ? parseProfile(readJsonFile(values.profile, 'profile')) : undefined;
      const now = parseNow(values.now);
      const parts = readPayloads(positionals);
      return withGate(values['data-dir'], { clock: () => now, trustPaths: values.trust ?? [], operator: () => values.operator }, async (gate) => {
        const previous = gate.settings.get('station') as Record<string, unknown> | undefined;
        if (profile || values['venue-name'] || values.station) {
          saveStationConfig(gate.settings, gate.packs, {
            ...(previous ?? {}),
            venueName: values['venue-name'] ?? previous?.venueName ?? '未命名场所',
            stationName: values.station ?? previous?.stationName ?? 'CLI',
            ...(profile ? { profile } : {}),
          });
        } else if (!previous) throw new UsageError(`${values['data-dir']} is not set up: give --profile PROFILE.json (as for check)`);
        let out: Awaited<ReturnType<typeof gate.handlers.exit>> | undefined;
        for (const part of parts) out = await call(gate, 'exit', { code: part, source: 'manual', ...(category ? { category: category.data } : {}) });
        io.out(`${JSON.stringify(out, null, 2)}\n`);
        if (!out!.matched) io.err(`gatecheck: ${out!.message.zh} ${out!.message.en}\n`);
        return out!.matched ? 0 : 1;
      });
    }),
};

export const insideCommand: Command = {
  summary: 'who is inside now (admitted and not yet out, since the start of the previous day; other gates as the venue last said)',
  usage: 'npm run -s cli -- inside --data-dir DIR [--now ISO-8601] [--json | --csv FILE [--html FILE]] [--language zh|en] [--operator NAME]\n' +
    '  --json: an array with one object per person; --csv FILE: the evacuation list (a header row, one row per person);\n' +
    '  --html FILE: the same list as a page to print',
  run: (args, io) =>
    guarded(io, async () => {
      const { values } = parseOptions({
        args, strict: true,
        options: { 'data-dir': { type: 'string' }, now: { type: 'string' }, json: { type: 'boolean' }, csv: { type: 'string' }, html: { type: 'string' }, language: { type: 'string' }, operator: { type: 'string' } },
      });
      if (!values['data-dir']) throw new UsageError('--data-dir DIR is required');
      if (values.json && (values.csv || values.html)) throw new UsageError('give --json, or --csv FILE and/or --html FILE, not both');
      const language = values.language === 'en' ? 'en' : values.language === undefined || values.language === 'zh' ? 'zh' : undefined;
      if (!language) throw new UsageError('--language must be zh or en');
      const now = parseNow(values.now);
      return withGate(values['data-dir'], { clock: () => now, operator: cliOperator(values.operator) }, async (gate) => {
        if (values.csv || values.html) {
          const out = await call(gate, 'evacuation', { language });
          if (values.csv) writeFileSync(values.csv, readFileSync(out.path));
          const tz = (gate.settings.get('station') as { timeZone?: string; venueName?: string } | undefined);
          if (values.html) writeFileSync(values.html, evacuationPage(out.view, tz?.venueName ?? '', tz?.timeZone ?? 'Asia/Shanghai', language));
          for (const f of [values.csv, values.html]) if (f) io.out(`${f}: ${out.rows} ${out.rows === 1 ? 'person' : 'people'} inside\n`);
          return 0;
        }
        const view = await call(gate, 'inside', {});
        if (values.json) {
          io.out(`${JSON.stringify(view.people.map((p) => ({
            ref: p.ref, name: p.name ?? null, idMasked: p.idMasked ?? null, category: p.category, gate: p.station, own: p.own,
            in: new Date(p.at).toISOString(), minutesInside: p.minutesInside, overdue: p.overdue, group: p.group,
          })), null, 2)}\n`);
          return 0;
        }
        const tz = (gate.settings.get('station') as { timeZone?: string } | undefined)?.timeZone ?? 'Asia/Shanghai';
        io.out(`${view.count} 人在场 inside (${view.day} ${clockTimeOf(view.now, tz).slice(0, 5)})${view.unmatchedExits ? `; ${view.unmatchedExits} 次离场无入场记录 exits without an entry` : ''}\n`);
        for (const p of view.people) {
          io.out(`${p.overdue ? '! ' : '  '}${(p.name ?? '—').padEnd(8)} ${CATEGORY_WORDS[p.category].zh}  ${p.station}  ${clockTimeOf(p.at, tz).slice(0, 5)}  ${hoursMinutes(p.minutesInside)}\n`);
        }
        return 0;
      });
    }),
};

const escapeHtml = (v: string) => v.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The evacuation list as a page to print: a title, when it was made and how fresh each gate's part is, one table. */
export function evacuationPage(view: InsideView, venueName: string, timeZone: string, language: 'zh' | 'en'): string {
  const zh = language === 'zh';
  const stamp = (at: number) => `${localDayOf(at, timeZone)} ${clockTimeOf(at, timeZone)}`;
  const head = zh ? ['序号', '姓名', '人员类别', '入口', '进入时间', '停留时长', '超时'] : ['No.', 'Name', 'Category', 'Gate', 'Time in', 'Time inside', 'Overdue'];
  const rows = view.people.map((p, i) => [String(i + 1), p.name ?? '—', CATEGORY_WORDS[p.category][language], p.station, stamp(p.at), hoursMinutes(p.minutesInside), p.overdue ? '⚠' : '']);
  const fresh = view.venue ? (view.venue.syncedAt ? `${zh ? '其他入口数据截至' : "Other gates' data as of"} ${stamp(view.venue.syncedAt)}` : zh ? '尚未取得其他入口数据' : 'No data from the other gates yet') : '';
  return `<!doctype html><html lang="${zh ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${zh ? '疏散名单' : 'Evacuation list'}</title>
<style>body{font-family:sans-serif;margin:16mm}table{border-collapse:collapse;width:100%}th,td{border:1px solid #000;padding:4px 6px;text-align:left}</style></head><body>
<h1>${zh ? '疏散名单' : 'Evacuation list'} · ${escapeHtml(venueName)}</h1>
<p>${zh ? '生成于' : 'Made at'} ${stamp(view.now)} · ${view.count} ${zh ? '人' : view.count === 1 ? 'person' : 'people'}${fresh ? ` · ${fresh}` : ''}</p>
<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead>
<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n')}</tbody></table></body></html>
`;
}
