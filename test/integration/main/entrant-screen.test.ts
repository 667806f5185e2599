// The window facing the entrant (issue 32) in Electron's main process, run under Node with the recording stand-in for
// `electron` (its screens plugged in and out by the test): placed on the screen Settings chose, never taking the
// keyboard, hardened like the station's window, gone when its screen is unplugged and back when it returns.
import type { ElectronStandIn } from '../../support/electron-stand-in';
import { describe, it, expect, vi, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { channelOf, type Method } from '../../../electron/api/methods';
import { APP_ORIGIN } from '../../../electron/main/security';
import { fakeDisplay } from '../../support/electron-stand-in';

const h = vi.hoisted(() => ({ standIn: undefined as unknown as ElectronStandIn }));
vi.mock('electron', async () => (await import('../../support/electron-stand-in')).mockElectronModule((s) => (h.standIn = s)));

const dataDir = mkdtempSync(join(tmpdir(), 'gatecheck-entrant-'));
const ADMIN = '975310';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the views are read field by field below
async function call(method: Method, input: unknown): Promise<any> {
  const r = (await h.standIn.records.ipcHandlers.get(channelOf(method))!({ senderFrame: { url: `${APP_ORIGIN}/index.html` } }, input)) as { ok: boolean; value?: unknown; error?: unknown };
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.value;
}
const entrantWindows = () => h.standIn.records.windows.filter((w) => w.loadedUrl?.endsWith('#display'));
const open = () => entrantWindows().filter((w) => !w.closed);

beforeAll(async () => {
  process.env.GATE_DATA_DIR = dataDir;
  await import('../../../electron/main/index');
  h.standIn.fireReady();
  await vi.waitFor(() => expect(h.standIn.records.windows.length).toBe(1));
  await call('setup', { venueName: '测试医院', stationName: '门诊东门', profile: { pack: 'cn-2022-12-07', venueKind: 'medical', natWindowHours: 48, acceptAntigen: false, antigenWindowHours: 24 }, retentionDays: 30, adminPin: ADMIN, operator: { name: '赵敏', pin: '8642' } });
});
afterAll(() => {
  for (const l of h.standIn.records.appListeners.get('will-quit') ?? []) l();
  delete process.env.GATE_DATA_DIR;
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the entrant's screen in Electron", () => {
  it('none at first: one screen, nothing chosen, only the station window', async () => {
    const view = await call('peripherals', { adminPin: ADMIN });
    expect(view.screens).toMatchObject({ available: true, configured: 'off', list: [{ id: 1, primary: true, width: 1366, height: 768 }] });
    expect(view.screens.showingOn).toBeUndefined();
    expect(open()).toHaveLength(0);
  });

  it('"the second screen" waits for one; plugged in, the display page fills it without taking the keyboard', async () => {
    await call('savePeripherals', { adminPin: ADMIN, entrantScreen: 'auto' });
    expect(open()).toHaveLength(0);
    h.standIn.plug(fakeDisplay(7, 1366, 1920, 1080, 'DELL P2419H'));
    expect(open()).toHaveLength(1);
    const [win] = open();
    expect(win!.loadedUrl).toBe(`${APP_ORIGIN}/index.html#display`);
    expect(win!.bounds).toEqual({ x: 1366, y: 0, width: 1920, height: 1080 });
    expect(win!.options).toMatchObject({ fullscreen: true, frame: false, focusable: false, skipTaskbar: true, show: false });
    await vi.waitFor(() => expect(win!.shown).toBe('inactive'));
    // As hardened as the station's window: same preload, sandbox, no Node, no DevTools in the packaged app.
    expect(win!.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, devTools: false });
    expect(win!.contents.fire('will-navigate', 'https://example.com/')).toBe(true);
    expect(win!.contents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    const view = await call('peripherals', { adminPin: ADMIN });
    expect(view.screens.showingOn).toBe(7);
    expect(view.screens.list.map((s: { id: number; label: string }) => s.id)).toEqual([1, 7]);
    expect(view.screens.list[1].label).toMatch(/DELL P2419H 1920×1080/);
  });

  it('it follows the outcome: the station\'s events reach it as they reach the station', async () => {
    await call('signIn', { name: '赵敏', pin: '8642' });
    await call('showDisplay', { state: 'outcome', outcome: 'admit' });
    const [win] = open();
    expect(win!.contents.sent.at(-1)).toEqual({ channel: 'gate-event:display', payload: { state: 'outcome', outcome: 'admit' } });
    // Its page (#display) reads the gate's name through the same IPC, as our own frame.
    const r = await h.standIn.records.ipcHandlers.get(channelOf('station'))!({ senderFrame: { url: win!.loadedUrl! } }, {});
    expect(r).toMatchObject({ ok: true, value: { stationName: '门诊东门' } });
  });

  it('unplugged: the window goes and the station goes on; plugged back: it returns', async () => {
    h.standIn.unplug(7);
    expect(open()).toHaveLength(0);
    expect((await call('peripherals', { adminPin: ADMIN })).screens.showingOn).toBeUndefined();
    expect(h.standIn.records.windows[0]!.closed).toBeUndefined(); // the station's window
    h.standIn.plug(fakeDisplay(8, 1366, 1280, 1024, 'HP E190i'));
    expect(open()).toHaveLength(1);
    expect(open()[0]!.bounds).toEqual({ x: 1366, y: 0, width: 1280, height: 1024 });
  });

  it('a chosen screen: only that one; one that is gone waits for it; off closes the window', async () => {
    h.standIn.plug(fakeDisplay(9, 2646, 1920, 1080, 'Entrance TV'));
    await call('savePeripherals', { adminPin: ADMIN, entrantScreen: 9 });
    expect(open()).toHaveLength(1);
    expect(open()[0]!.bounds).toEqual({ x: 2646, y: 0, width: 1920, height: 1080 });
    h.standIn.unplug(9);
    expect(open()).toHaveLength(0); // not moved to screen 8: that is not the one chosen
    h.standIn.plug(fakeDisplay(9, 2646, 1920, 1080, 'Entrance TV'));
    expect(open()).toHaveLength(1);
    await call('savePeripherals', { adminPin: ADMIN, entrantScreen: 'off' });
    expect(open()).toHaveLength(0);
    expect((await call('peripherals', { adminPin: ADMIN })).screens.configured).toBe('off');
  });

  it("closing the station's window closes the entrant's (the app does not linger on the second screen)", async () => {
    await call('savePeripherals', { adminPin: ADMIN, entrantScreen: 'auto' });
    expect(open()).toHaveLength(1);
    h.standIn.electron.BrowserWindow.all[0]!.close();
    expect(open()).toHaveLength(0);
  });
});
