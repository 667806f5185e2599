// The contract end to end under Node: every method has an IPC handler (main) and a preload function, and every
// handler rejects malformed input with INVALID_INPUT rather than throwing across the bridge.
import type { createElectronStandIn } from '../../support/electron-stand-in';
import { describe, it, expect, vi, beforeAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { METHODS, EVENTS, channelOf, eventChannelOf } from '../../../electron/api/methods';
import { contract } from '../../../electron/api/contract';
import { registerIpc } from '../../../electron/main/ipc/register';
import { openGate } from '../../../electron/main/services/compose';
import { APP_ORIGIN } from '../../../electron/main/security';

const h = vi.hoisted(() => ({ standIn: undefined as unknown as ReturnType<typeof createElectronStandIn> }));
vi.mock('electron', async () => {
  const { createElectronStandIn } = await import('../../support/electron-stand-in');
  h.standIn = createElectronStandIn('/nonexistent');
  return { ...h.standIn.electron, default: h.standIn.electron };
});

const handlers = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();
const fromApp = { senderFrame: { url: `${APP_ORIGIN}/index.html` } };

beforeAll(async () => {
  const gate = await openGate(mkdtempSync(join(tmpdir(), 'gatecheck-contract-')));
  registerIpc({ handle: (ch, l) => handlers.set(ch, l as never) }, gate.handlers, () => undefined);
  await import('../../../electron/preload/index');
});

const MALFORMED: unknown[] = [null, 42, 'text', [], { unexpected: true }, { code: '', category: 'visitor', source: 'wedge' }, { limit: -1 }, { limit: 'x' }];

describe('api/contract', () => {
  it('has a schema for every method and nothing more', () => {
    expect(Object.keys(contract).sort()).toEqual([...METHODS].sort());
  });

  it('main registers a handler for every method', () => {
    expect([...handlers.keys()].sort()).toEqual(METHODS.map(channelOf).sort());
  });

  it.each(METHODS)('every handler rejects malformed input: %s', async (method) => {
    const handler = handlers.get(channelOf(method))!;
    let tried = 0;
    for (const input of MALFORMED) {
      if (contract[method].input.safeParse(input).success) continue;
      tried++;
      const r = await handler(fromApp, input);
      expect(r, `${method} ${JSON.stringify(input)}`).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(tried).toBeGreaterThan(3);
  });

  it('the preload exposes exactly one function per method plus on(), and never ipcRenderer', () => {
    const api = h.standIn.records.exposed.get('gate')!;
    expect(Object.keys(api).sort()).toEqual([...METHODS, 'on'].sort());
    for (const v of Object.values(api)) expect(typeof v).toBe('function');
    expect([...h.standIn.records.exposed.keys()]).toEqual(['gate']);
  });

  it('each preload function invokes its own derived channel with the input', async () => {
    const api = h.standIn.records.exposed.get('gate')! as Record<string, (i: unknown) => Promise<unknown>>;
    for (const m of METHODS) await api[m]!({ probe: m });
    expect(h.standIn.records.invoked).toEqual(METHODS.map((m) => ({ channel: channelOf(m), args: [{ probe: m }] })));
  });

  it('on() hands the callback only the payload and returns an unsubscribe', () => {
    const api = h.standIn.records.exposed.get('gate')! as { on: (e: string, cb: (p: unknown) => void) => () => void };
    const got: unknown[] = [];
    const off = api.on(EVENTS[0], (p) => got.push(p));
    const [listener] = h.standIn.records.rendererListeners.get(eventChannelOf(EVENTS[0]))!;
    listener!({ sender: 'ipc-event-internals' }, { id: 1 });
    expect(got).toEqual([{ id: 1 }]);
    off();
    expect(h.standIn.records.rendererListeners.get(eventChannelOf(EVENTS[0]))).toEqual([]);
    expect(() => api.on('not-an-event', () => undefined)).toThrow();
  });
});
