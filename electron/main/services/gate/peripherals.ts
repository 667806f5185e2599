// This station's devices (issue 32): the serial-mode scanner and the screen facing the entrant, both behind the admin
// PIN, both saved with the station's settings (so the next start opens them again) and applied at once.
import type { Handlers, ParsedInputOf } from '../../../api/contract';
import type { PeripheralsView } from '../../../api/views';
import { loadStationConfig, saveStationConfig } from '../station-config';
import { listSerialPorts } from '../serial-control';
import type { GateContext } from './context';

export function peripheralHandlers(ctx: GateContext): Pick<Handlers, 'peripherals' | 'savePeripherals'> {
  const { settings, packs, session } = ctx;

  async function view(): Promise<PeripheralsView> {
    const data = loadStationConfig(settings, packs).data;
    const { ports, listedBy } = await listSerialPorts();
    const status = ctx.serial?.status();
    const showingOn = ctx.screens?.showingOn();
    return {
      serial: {
        ports, listedBy,
        ...(data.serial ? { configured: data.serial } : {}),
        ...(ctx.serial?.fixed ? { fixedByHost: ctx.serial.fixed } : {}),
        ...(status ? { status } : {}),
      },
      screens: {
        available: ctx.screens !== undefined,
        list: ctx.screens?.list() ?? [],
        configured: data.entrantScreen ?? 'off',
        ...(showingOn !== undefined ? { showingOn } : {}),
      },
    };
  }

  return {
    async peripherals(input: ParsedInputOf<'peripherals'>) {
      session.requireAdmin(input.adminPin);
      return view();
    },

    async savePeripherals(input: ParsedInputOf<'savePeripherals'>) {
      session.requireAdmin(input.adminPin);
      const { serial: before, entrantScreen: screenBefore, ...current } = loadStationConfig(settings, packs).data;
      const serial = input.serial === undefined ? before : input.serial ?? undefined;
      const entrantScreen = input.entrantScreen === undefined ? screenBefore : input.entrantScreen;
      saveStationConfig(settings, packs, { ...current, ...(serial ? { serial } : {}), ...(entrantScreen !== undefined && entrantScreen !== 'off' ? { entrantScreen } : {}) });
      ctx.log?.('settings.peripherals', { serial: serial ? `${serial.path} ${serial.baudRate} ${serial.terminator}` : 'none', screen: String(entrantScreen ?? 'off') });
      // Opened now, not at the next start; a port that is not there yet is said on the chip and tried again.
      await ctx.serial?.apply(serial);
      ctx.screens?.apply(entrantScreen ?? 'off');
      return view();
    },
  };
}
