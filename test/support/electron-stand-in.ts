// A recording stand-in for the `electron` module: just enough surface for electron/main and electron/preload to
// run under Node, recording what they register (IPC handlers, window options, session handlers, protocols) so
// tests can assert on it. It stands in for Electron's plumbing only; the app's services behind it are real.

type Listener = (...args: unknown[]) => unknown;

export interface Records {
  singleInstanceLockRequested: number;
  schemes: unknown[];
  protocolHandlers: Map<string, (req: Request) => Promise<Response>>;
  ipcHandlers: Map<string, Listener>;
  windows: { options: Record<string, unknown>; loadedUrl?: string; contents: FakeWebContents; bounds?: FakeBounds; shown?: 'show' | 'inactive'; closed?: boolean }[];
  permissionRequestHandler?: Listener;
  permissionCheckHandler?: Listener;
  appListeners: Map<string, Listener[]>;
  exposed: Map<string, Record<string, unknown>>;
  invoked: { channel: string; args: unknown[] }[];
  rendererListeners: Map<string, Listener[]>;
  errorBoxes: string[];
  exitCode?: number;
  /** What Menu.setApplicationMenu was last given (undefined: never called, Electron's default menu stays). */
  applicationMenu?: unknown;
}

export interface FakeBounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A screen as Electron's `screen` module describes one (the fields the app reads). */
export interface FakeDisplay {
  id: number;
  label: string;
  bounds: FakeBounds;
  size: { width: number; height: number };
}

export const fakeDisplay = (id: number, x: number, width: number, height: number, label = `Screen ${id}`): FakeDisplay => ({ id, label, bounds: { x, y: 0, width, height }, size: { width, height } });

export class FakeWebContents {
  listeners = new Map<string, Listener[]>();
  windowOpenHandler?: (details: { url: string }) => { action: string };
  sent: { channel: string; payload: unknown }[] = [];
  on(event: string, listener: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  setWindowOpenHandler(h: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = h;
  }
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload });
  }
  /** Fires an event the way Chromium would; returns whether a listener called preventDefault(). */
  fire(event: string, ...args: unknown[]): boolean {
    let prevented = false;
    for (const l of this.listeners.get(event) ?? []) l({ preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

export function createElectronStandIn(userData: string) {
  const records: Records = {
    singleInstanceLockRequested: 0,
    schemes: [],
    protocolHandlers: new Map(),
    ipcHandlers: new Map(),
    windows: [],
    appListeners: new Map(),
    exposed: new Map(),
    invoked: [],
    rendererListeners: new Map(),
    errorBoxes: [],
  };
  let readyResolve!: () => void;
  const ready = new Promise<void>((r) => (readyResolve = r));

  // The screens: plugged in and out by a test (plug/unplug), each change told to the listeners as Electron does.
  let displays: FakeDisplay[] = [fakeDisplay(1, 0, 1366, 768, 'Built-in')];
  const screenListeners = new Map<string, Listener[]>();
  const tellScreens = (event: string, d: FakeDisplay) => {
    for (const l of screenListeners.get(event) ?? []) l({}, d);
  };

  class BrowserWindow {
    static all: BrowserWindow[] = [];
    static getAllWindows() {
      return BrowserWindow.all;
    }
    webContents = new FakeWebContents();
    windowListeners = new Map<string, Listener[]>();
    destroyed = false;
    get record() {
      return records.windows.find((w) => w.contents === this.webContents)!;
    }
    constructor(options: Record<string, unknown>) {
      const { x, y, width, height } = options as Partial<FakeBounds>;
      records.windows.push({ options, contents: this.webContents, ...(x !== undefined && y !== undefined && width && height ? { bounds: { x, y, width, height } } : {}) });
      BrowserWindow.all.push(this);
    }
    once(event: string, l: Listener) {
      // ready-to-show comes once the page is loaded: at once, here.
      if (event === 'ready-to-show') queueMicrotask(() => l());
      return this;
    }
    on(event: string, l: Listener) {
      this.windowListeners.set(event, [...(this.windowListeners.get(event) ?? []), l]);
      return this;
    }
    isDestroyed() {
      return this.destroyed;
    }
    close() {
      if (this.destroyed) return;
      this.destroyed = true;
      this.record.closed = true;
      BrowserWindow.all = BrowserWindow.all.filter((w) => w !== this);
      for (const l of this.windowListeners.get('closed') ?? []) l();
    }
    setBounds(b: FakeBounds) {
      this.record.bounds = b;
    }
    show() {
      this.record.shown ??= 'show';
    }
    showInactive() {
      this.record.shown ??= 'inactive';
    }
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {}
    async loadURL(url: string) {
      records.windows.find((w) => w.contents === this.webContents)!.loadedUrl = url;
    }
  }

  const electron = {
    Menu: {
      setApplicationMenu: (menu: unknown) => {
        records.applicationMenu = menu;
      },
    },
    app: {
      /** The stand-in plays the packaged app: what gate PCs run. */
      isPackaged: true,
      requestSingleInstanceLock: () => {
        records.singleInstanceLockRequested++;
        return true;
      },
      on(event: string, l: Listener) {
        records.appListeners.set(event, [...(records.appListeners.get(event) ?? []), l]);
        return electron.app;
      },
      whenReady: () => ready,
      getPath: (name: string) => (name === 'userData' ? userData : `${userData}/${name}`),
      quit: () => undefined,
      exit: (code: number) => {
        records.exitCode = code;
      },
    },
    BrowserWindow,
    ipcMain: {
      handle(channel: string, l: Listener) {
        if (records.ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
        records.ipcHandlers.set(channel, l);
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => records.schemes.push(...schemes),
      handle: (scheme: string, h: (req: Request) => Promise<Response>) => records.protocolHandlers.set(scheme, h),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: Listener) => (records.permissionRequestHandler = h),
        setPermissionCheckHandler: (h: Listener) => (records.permissionCheckHandler = h),
      },
    },
    screen: {
      getAllDisplays: () => displays,
      getPrimaryDisplay: () => displays[0]!,
      on(event: string, l: Listener) {
        screenListeners.set(event, [...(screenListeners.get(event) ?? []), l]);
      },
    },
    shell: { openPath: async (_path: string) => '' },
    dialog: { showErrorBox: (title: string, body: string) => records.errorBoxes.push(`${title}: ${body}`) },
    contextBridge: {
      exposeInMainWorld: (key: string, api: Record<string, unknown>) => records.exposed.set(key, api),
    },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => {
        records.invoked.push({ channel, args });
        return { ok: true, value: null };
      },
      on: (channel: string, l: Listener) => records.rendererListeners.set(channel, [...(records.rendererListeners.get(channel) ?? []), l]),
      removeListener: (channel: string, l: Listener) =>
        records.rendererListeners.set(channel, (records.rendererListeners.get(channel) ?? []).filter((x) => x !== l)),
    },
  };
  return {
    electron, records, fireReady: () => readyResolve(),
    /** A screen plugged in (after the built-in one, the primary). */
    plug(d: FakeDisplay) {
      displays = [...displays, d];
      tellScreens('display-added', d);
    },
    unplug(id: number) {
      const d = displays.find((x) => x.id === id);
      if (!d) return;
      displays = displays.filter((x) => x.id !== id);
      tellScreens('display-removed', d);
    },
  };
}

export type ElectronStandIn = ReturnType<typeof createElectronStandIn>;

/**
 * For a test's `vi.mock('electron', …)` factory: a stand-in over a fresh user-data folder, handed to `keep` (the
 * test's hoisted holder) and returned as the module `electron` resolves to.
 */
export async function mockElectronModule(keep: (standIn: ElectronStandIn) => void): Promise<ElectronStandIn['electron'] & { default: ElectronStandIn['electron'] }> {
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const standIn = createElectronStandIn(mkdtempSync(join(tmpdir(), 'gatecheck-userdata-')));
  keep(standIn);
  return { ...standIn.electron, default: standIn.electron };
}
