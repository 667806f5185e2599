// Start-up order: single-instance lock → database (migrated) → security → IPC → window. Nothing else lives here.
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell } from 'electron';
import { join } from 'node:path';
import { resolveDataDir } from '../db/connection';
import { AppError, USER_MESSAGES, causeOf } from '../core/errors';
import { eventChannelOf } from '../api/methods';
import { hardenSession, hardenWebContents } from './security';
import { registerIpc } from './ipc/register';
import { createMainWindow } from './window';
import { createEntrantScreens } from './entrant-window';
import { registerAppScheme, serveRenderer } from './protocol';
import { openGate } from './services/compose';
import { log, openStationLog } from './services/station-log';

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0];
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  const dataDir = resolveDataDir(join(app.getPath('userData'), 'register'));
  let gate;
  let stationLog: Awaited<ReturnType<typeof openStationLog>> | undefined;
  try {
    stationLog = await openStationLog(dataDir, 'main');
  } catch (err) {
    // No log file (a read-only disk): the station still starts; its lines go to stderr.
    process.stderr.write(`GateCheck: the log file cannot be opened (${causeOf(err)})\n`);
  }
  const preloadPath = join(__dirname, '..', 'preload', 'index.cjs');
  // The window facing the entrant (Settings chooses its screen; none until then). Made before the gate so Settings can
  // list the screens; opened after the station's window.
  const entrantScreens = createEntrantScreens(preloadPath, !app.isPackaged);
  try {
    gate = await openGate(dataDir, {
      screens: entrantScreens,
      openFolder: async (path) => (await shell.openPath(path)) === '',
      emit: (event, payload) => {
        for (const win of BrowserWindow.getAllWindows()) win.webContents.send(eventChannelOf(event), payload);
      },
    });
  } catch (err) {
    // Staff see what to do; the log gets the cause (a path, a SQLite code) once.
    const code = err instanceof AppError ? err.code : 'INTERNAL';
    // One line first, saying why; the whole cause (and the stack) goes to the log file.
    process.stderr.write(`GateCheck cannot start: ${code}: ${USER_MESSAGES[code].en}\n`);
    log.error('start.failed', { code, detail: causeOf(err), stack: (err as Error)?.stack });
    dialog.showErrorBox('GateCheck 门岗核验登记', `${USER_MESSAGES[code].zh}\n${USER_MESSAGES[code].en}`);
    app.exit(1);
    return;
  }
  const stopHousekeeping = gate.startHousekeeping();
  // A station of a venue with several gates syncs in the background (nothing happens until it has joined one).
  const stopVenueSync = gate.venue.start();
  app.on('will-quit', () => {
    stopHousekeeping();
    stopVenueSync();
    gate.close();
    stationLog?.close();
  });
  hardenSession(session.defaultSession);
  serveRenderer(join(__dirname, '..', 'renderer'));
  registerIpc(ipcMain, gate.handlers);
  // No menu bar: its default entries (reload, DevTools, zoom) are not for the gate; the app is driven by its own keys.
  Menu.setApplicationMenu(null);
  const main = createMainWindow(preloadPath, !app.isPackaged);
  // The entrant's screen goes with the station's window (else it alone would keep the app running).
  main.on('closed', () => entrantScreens.close());
  entrantScreens.apply(gate.entrantScreen());
}
