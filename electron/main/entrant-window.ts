// The window facing the entrant (issue 32), on a second screen: the renderer's display page (`#display`), full screen
// on the screen Settings chose. It never takes the keyboard (the station's window keeps every key the scanner types),
// and it follows the screens: unplugged, it closes and the station goes on; plugged back in, it comes back.
import { BrowserWindow, screen, type Display } from 'electron';
import type { EntrantScreen } from '../core/station/config';
import type { EntrantScreens } from './services/gate/context';
import type { ScreenView } from '../api/views';
import { APP_ORIGIN, hardenWebContents } from './security';
import { mainWindowOptions } from './window';

const labelOf = (d: Display, primary: boolean): string => `${d.label || `Screen ${d.id}`} ${d.size.width}×${d.size.height}${primary ? ' (primary)' : ''}`;

/** The screen a choice means now: a screen's id, or (`auto`) the first that is not the primary one. */
export function screenFor(choice: EntrantScreen, displays: readonly Display[], primaryId: number): Display | undefined {
  if (choice === 'off') return undefined;
  if (choice === 'auto') return displays.find((d) => d.id !== primaryId);
  return displays.find((d) => d.id === choice);
}

export function createEntrantScreens(preloadPath: string, devTools: boolean): EntrantScreens & { close(): void } {
  let choice: EntrantScreen = 'off';
  let win: BrowserWindow | undefined;
  let on: number | undefined;

  const close = () => {
    const w = win;
    win = undefined;
    on = undefined;
    if (w && !w.isDestroyed()) w.close();
  };

  const place = () => {
    const target = screenFor(choice, screen.getAllDisplays(), screen.getPrimaryDisplay().id);
    if (!target) return close();
    const { x, y, width, height } = target.bounds;
    if (win && !win.isDestroyed()) {
      win.setBounds({ x, y, width, height });
      on = target.id;
      return;
    }
    // The station window's hardened web preferences (the same preload: the display page reads its state through it).
    const { webPreferences } = mainWindowOptions(preloadPath, devTools);
    const w = new BrowserWindow({
      ...(webPreferences ? { webPreferences } : {}), backgroundColor: '#10151c', x, y, width, height,
      title: 'GateCheck — 请看这里 / Please look here',
      frame: false, fullscreen: true, kiosk: false,
      // The operator's keyboard (and the scanner typing into it) stays with the station's window.
      focusable: false, skipTaskbar: true, show: false,
    });
    win = w;
    on = target.id;
    hardenWebContents(w.webContents);
    w.once('ready-to-show', () => w.showInactive());
    w.on('closed', () => {
      if (win === w) {
        win = undefined;
        on = undefined;
      }
    });
    void w.loadURL(`${APP_ORIGIN}/index.html#display`);
  };

  // The screens change under the station: the window follows them (a choice that is not there now waits for its screen).
  screen.on('display-added', place);
  screen.on('display-removed', place);
  screen.on('display-metrics-changed', place);

  return {
    list(): ScreenView[] {
      const primary = screen.getPrimaryDisplay().id;
      return screen.getAllDisplays().map((d) => ({ id: d.id, label: labelOf(d, d.id === primary), width: d.size.width, height: d.size.height, primary: d.id === primary }));
    },
    apply(next) {
      choice = next;
      place();
    },
    showingOn: () => on,
    close,
  };
}
