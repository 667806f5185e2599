// Errors across the boundary: what crosses is a code and staff's words (never a detail, a path or a stack); the
// cause is logged once, with the method name and the id the screen shows.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dispatch } from '../../../electron/main/ipc/dispatch';
import { openGate, type Gate } from '../../../electron/main/services/compose';
import type { Handlers } from '../../../electron/api/contract';

let gate: Gate;
let dir: string;

let blocked: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatecheck-errors-'));
  // The export folder lies under a plain file: every export fails in the file system, for real.
  blocked = join(dir, 'blocked');
  writeFileSync(blocked, 'a file where the export folder should be');
  gate = await openGate(join(dir, 'data'), { operator: () => 'tester', exportDir: join(blocked, 'exports') });
  await gate.handlers.setup({ venueName: 'v', stationName: 's', profile: { pack: 'cn-2022-12-07', venueKind: 'school', natWindowHours: 48, acceptAntigen: false, antigenWindowHours: 24 }, retentionDays: 30, adminPin: '975310', operator: { name: '赵敏', pin: '8642' } });
});
afterAll(() => gate.close());

describe('ipc/dispatch errors', () => {
  it('an export into an unwritable folder answers EXPORT_WRITE_FAILED with a correlation id; the path and the cause go to the log only', async () => {
    const logged: string[] = [];
    const r = await dispatch(gate.handlers, 'exportDays', { fromDay: '2026-11-20', toDay: '2026-11-20' }, (l) => logged.push(l));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('EXPORT_WRITE_FAILED');
    expect(JSON.stringify(r)).not.toContain(blocked);
    expect(Object.keys(r.error).sort()).toEqual(['code', 'correlationId', 'message', 'messageEn', 'reportCode']);
    expect(r.error.reportCode).toMatch(/^R-[2-9A-Z]{6}$/);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(`[exportDays] ${r.error.correlationId} ${r.error.reportCode} EXPORT_WRITE_FAILED`);
    expect(logged[0]).toContain(blocked);
    expect(logged[0]).toContain('caused by: Error: ENOTDIR');
  });

  it('an unexpected exception answers INTERNAL with an id, and its stack is logged once', async () => {
    const handlers: Handlers = { ...gate.handlers, today: () => { throw new TypeError('cannot read x of undefined at /home/gate/secret.ts'); } };
    const logged: string[] = [];
    const r = await dispatch(handlers, 'today', { limit: 5 }, (l) => logged.push(l));
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(r)).not.toContain('secret.ts');
    expect(logged).toEqual([expect.stringMatching(/^\[today\] [0-9a-f]{8} R-[2-9A-Z]{6} INTERNAL TypeError: cannot read x/)]);
  });

  it('a wrong admin PIN is WRONG_PIN on every path: settings, trust import, roster import, an unmasked export', async () => {
    const calls = [
      dispatch(gate.handlers, 'getSettings', { adminPin: '000000' }, () => undefined),
      dispatch(gate.handlers, 'importTrust', { adminPin: '000000', fileName: 't.json', content: '{}' }, () => undefined),
      dispatch(gate.handlers, 'importRoster', { adminPin: '000000', kind: 'roster', fileName: 'r.csv', contentBase64: 'YWJjZA==', commit: false }, () => undefined),
      dispatch(gate.handlers, 'exportDays', { fromDay: '2026-11-20', toDay: '2026-11-20', adminPin: '000000' }, () => undefined),
    ];
    for (const r of await Promise.all(calls)) expect(r).toMatchObject({ ok: false, error: { code: 'WRONG_PIN' } });
  });

  it('malformed input is INVALID_INPUT on screen; the field it failed on is in the log', async () => {
    const logged: string[] = [];
    const r = await dispatch(gate.handlers, 'today', { limit: -1 }, (l) => logged.push(l));
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(logged).toEqual([expect.stringMatching(/^\[today\] INVALID_INPUT .*limit/)]);
  });
});
