// The Electron main process, run under Node with a recording stand-in for `electron`: start-up order, window
// security flags, session permissions, navigation lock-down and IPC registration, over a real database file.
import type { ElectronStandIn } from '../../support/electron-stand-in';
import { describe, it, expect, vi, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { METHODS, channelOf } from '../../../electron/api/methods';
import { APP_ORIGIN } from '../../../electron/main/security';
import { DB_FILE_NAME } from '../../../electron/db/connection';

const h = vi.hoisted(() => ({ standIn: undefined as unknown as ElectronStandIn }));
vi.mock('electron', async () => (await import('../../support/electron-stand-in')).mockElectronModule((s) => (h.standIn = s)));

const dataDir = mkdtempSync(join(tmpdir(), 'gatecheck-main-'));

beforeAll(async () => {
  process.env.GATE_DATA_DIR = dataDir;
  await import('../../../electron/main/index');
  h.standIn.fireReady();
  await vi.waitFor(() => expect(h.standIn.records.windows.length).toBe(1));
});
afterAll(() => {
  for (const l of h.standIn.records.appListeners.get('will-quit') ?? []) l();
  delete process.env.GATE_DATA_DIR;
  rmSync(dataDir, { recursive: true, force: true });
});

describe('main/index', () => {
  it('takes the single-instance lock and registers the app scheme before ready', () => {
    expect(h.standIn.records.singleInstanceLockRequested).toBe(1);
    expect(h.standIn.records.schemes).toEqual([expect.objectContaining({ scheme: 'gatecheck', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
  });

  it('opens and migrates the register under GATE_DATA_DIR before the window', () => {
    expect(existsSync(join(dataDir, DB_FILE_NAME))).toBe(true);
    expect(h.standIn.records.errorBoxes).toEqual([]);
  });

  it('creates one window with every security flag on and a preload, loading our own origin', () => {
    const [win] = h.standIn.records.windows;
    const prefs = win!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
    // No default menu (reload, DevTools, zoom) in the packaged app.
    expect(h.standIn.records.applicationMenu).toBeNull();
    expect(String(prefs.preload)).toMatch(/preload[\\/]index\.cjs$/);
    expect(win!.loadedUrl).toBe(`${APP_ORIGIN}/index.html`);
  });

  it('denies navigation, redirects, webviews and new windows', () => {
    const contents = h.standIn.records.windows[0]!.contents;
    expect(contents.fire('will-navigate', 'https://example.com/')).toBe(true);
    expect(contents.fire('will-redirect', 'https://example.com/')).toBe(true);
    expect(contents.fire('will-attach-webview')).toBe(true);
    expect(contents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it('grants the camera to our own origin only and denies every other permission', () => {
    const ask = (permission: string, origin: string, mediaTypes?: string[]) => {
      let granted: boolean | undefined;
      h.standIn.records.permissionRequestHandler!({}, permission, (g: boolean) => (granted = g), { securityOrigin: origin, mediaTypes });
      return granted;
    };
    expect(ask('media', `${APP_ORIGIN}/`, ['video'])).toBe(true);
    expect(ask('media', `${APP_ORIGIN}/`, ['audio'])).toBe(false);
    expect(ask('media', 'https://evil.example/', ['video'])).toBe(false);
    expect(ask('media', 'gatecheck://app.evil/', ['video'])).toBe(false);
    for (const p of ['geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'serial', 'usb']) expect(ask(p, `${APP_ORIGIN}/`)).toBe(false);
    expect(h.standIn.records.permissionCheckHandler!({}, 'geolocation', APP_ORIGIN, {})).toBe(false);
  });

  it('registers exactly one IPC handler per contract method', () => {
    expect([...h.standIn.records.ipcHandlers.keys()].sort()).toEqual(METHODS.map(channelOf).sort());
  });

  it('refuses IPC calls from any frame that is not our own origin', async () => {
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'gatecheck://other/index.html', '']) {
      const r = await h.standIn.records.ipcHandlers.get(channelOf('today'))!({ senderFrame: { url } }, { limit: 5 });
      expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });

  it('answers our own frame through the real services (NOT_SET_UP before setup)', async () => {
    const r = await h.standIn.records.ipcHandlers.get(channelOf('today'))!({ senderFrame: { url: `${APP_ORIGIN}/index.html` } }, { limit: 5 });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_SET_UP' } });
  });

  it('serves nothing outside the renderer from the app scheme', async () => {
    const handler = h.standIn.records.protocolHandlers.get('gatecheck')!;
    expect((await handler(new Request('gatecheck://app/..%2f..%2fpackage.json'))).status).toBe(404);
    expect((await handler(new Request('gatecheck://elsewhere/index.html'))).status).toBe(404);
  });
});
